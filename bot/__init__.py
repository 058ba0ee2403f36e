"""Aisho DX assistant: the project's own Python package (NLP, Rasa components)."""
