"""One module per route group; each is a thin adapter from HTTP to `rag.assistant.Assistant`."""
