"""Custom Rasa graph components (registered with DefaultV1Recipe)."""
