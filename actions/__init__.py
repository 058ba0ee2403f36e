"""Custom actions of the Aisho DX assistant (served by rasa_sdk on port 5055)."""
