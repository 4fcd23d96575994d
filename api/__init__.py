"""The HTTP API and the Slack bot: thin layers over `rag.assistant.Assistant`."""
