"""Staff teach the bot: answer corrections, example questions and the training workspace."""
