"""Connections to the SQL databases the bot writes (review store, tracker store)."""
