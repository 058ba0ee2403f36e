"""What the assistant does with each intent of the domain: answer it as a
topic, route it to the office, or converse."""
