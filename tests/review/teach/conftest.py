"""Fixtures of the teach tests: see tests/review/conftest.py (repo_settings, repo_store)."""
