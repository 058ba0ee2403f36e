"""Rasa input/output channels of the assistant, one module per platform."""
