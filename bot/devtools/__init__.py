"""Developer tools: starting the assistant for tests and benchmarks."""
