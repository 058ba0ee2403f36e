"""Tests of bot/channels."""
