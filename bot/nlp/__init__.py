"""Pure Japanese text helpers used by the Rasa components and the actions."""
