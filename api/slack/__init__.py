"""The Slack bot: a slack-bolt app over the same `Assistant` the HTTP API and the CLI use.

It runs either inside the FastAPI app (`api.slack.http.mount_slack`, Events API over HTTPS) or on
its own over a WebSocket (`api.slack.socket.run_socket_mode`, no public URL needed). Set-up steps
are in `api/slack/README.md`; the app manifest is `api/slack/manifest.yml`.
"""
