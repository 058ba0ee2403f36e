"""Capture: what the action server records for the inbox.

Routed questions (redacted) and the message counters of the dashboard.
"""
