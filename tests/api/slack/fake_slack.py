"""A small but real Slack: the Web API methods the bot uses, served over HTTP on 127.0.0.1.

It keeps channels, messages, threads and reactions the way Slack does, checks tokens and Block Kit
limits like Slack (so a reply Slack would reject fails here too), records every call (method,
parameters, status) for assertions, and can be told to rate-limit or slow a method. It also serves
`response_url`s for button clicks and a Socket Mode WebSocket (`apps.connections.open` + `/link`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import queue
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse

BOT_TOKEN = "xoxb-fake-bot-token"
APP_TOKEN = "xapp-fake-app-token"
BOT_USER_ID = "UBOT00001"
BOT_ID = "BBOT00001"
TEAM_ID = "TFAKE0001"
QUIET_S = 1.5


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    at: float


class FakeSlack:
    def __init__(self) -> None:
        self.url = ""  # set once served
        self._lock = threading.Lock()
        self._clock = itertools.count(1)
        self.reset()
        self.app = self._build()

    # ---- test-side helpers -------------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self.calls: list[Call] = []
            self.messages: dict[str, list[dict[str, Any]]] = {}
            self.reactions: set[tuple[str, str, str]] = set()
            self.rate_limits: dict[str, int] = {}
            self.delays: dict[str, float] = {}
            self.outbox: queue.Queue[str] = queue.Queue()
            self.socket_received: list[dict[str, Any]] = []

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def new_ts(self) -> str:
        return f"{int(time.time())}.{next(self._clock):06d}"

    def store(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        message = {"type": "message", "ts": self.new_ts(), **message}
        with self._lock:
            self.messages.setdefault(channel, []).append(message)
        return message

    def user_says(self, channel: str, text: str, *, user: str = "UALICE01", thread_ts: str | None = None,
                  channel_type: str = "channel") -> dict[str, Any]:
        """Store a person's message and return the `message` event Slack would deliver for it."""
        extra = {"thread_ts": thread_ts} if thread_ts else {}
        message = self.store(channel, {"user": user, "text": text, **extra})
        return {**message, "channel": channel, "channel_type": channel_type, "event_ts": message["ts"]}

    def bot_says(self, channel: str, text: str, thread_ts: str | None = None) -> dict[str, Any]:
        extra = {"thread_ts": thread_ts} if thread_ts else {}
        return self.store(channel, {"user": BOT_USER_ID, "bot_id": BOT_ID, "text": text, **extra})

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def ok_calls(self, method: str) -> list[Call]:
        return [c for c in self.calls_to(method) if c.status == 200]

    def wait_for(self, method: str, count: int = 1, timeout: float = 180.0) -> list[Call]:
        """The successful calls to `method` once there are `count`; fails after `timeout` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.ok_calls(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.05)
        raise AssertionError(f"{count} call(s) to {method} expected within {timeout}s; "
                             f"got {[c.method for c in self.calls]}")

    def visible_actions_after(self, seconds: float = QUIET_S) -> list[str]:
        """Wait, then list what the bot did that people would see (replies, reactions).

        Deciding to ignore an event takes milliseconds, and so does the first reaction of an
        answer, so a bot that wrongly went ahead shows up well within the wait.
        """
        time.sleep(seconds)
        return [m for m in self.methods() if m in ("chat.postMessage", "reactions.add")]

    def methods(self) -> list[str]:
        with self._lock:
            return [c.method for c in self.calls]

    # ---- the server ----------------------------------------------------------------------------

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.api_route("/api/{method}", methods=["GET", "POST"])
        async def web_api(method: str, request: Request) -> JSONResponse:
            params: dict[str, Any] = dict(request.query_params)
            body = await request.body()
            if "json" in request.headers.get("content-type", ""):
                params.update(json.loads(body or b"{}"))
            else:
                params.update(parse_qsl(body.decode()))
            token = request.headers.get("authorization", "").removeprefix("Bearer ")
            if self.delays.get(method):
                await asyncio.sleep(self.delays[method])
            status, payload, headers = self._answer(method, params, token)
            with self._lock:
                self.calls.append(Call(method, params, status, time.monotonic()))
            return JSONResponse(payload, status_code=status, headers=headers)

        @app.post("/respond/{hook}")
        async def response_url(hook: str, request: Request) -> JSONResponse:
            with self._lock:
                self.calls.append(Call("response_url", await request.json(), 200, time.monotonic()))
            return JSONResponse({"ok": True})

        @app.websocket("/link")
        async def socket_link(ws: WebSocket) -> None:
            await self._serve_socket(ws)

        return app

    def _answer(self, method: str, params: dict[str, Any],
                token: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            if self.rate_limits.get(method, 0) > 0:
                self.rate_limits[method] -= 1
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if token != expected:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        return 200, handler(params), {}

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user": "rag-assistant",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}

    def _chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        blocks = params.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not params.get("text") and not blocks:
            return {"ok": False, "error": "no_text"}
        too_long = [b for b in blocks if len((b.get("text") or {}).get("text", "")) > 3000]
        if len(blocks) > 50 or too_long:
            return {"ok": False, "error": "invalid_blocks"}
        message = self.bot_says(params["channel"], params.get("text", ""), params.get("thread_ts"))
        message["blocks"] = blocks
        return {"ok": True, "channel": params["channel"], "ts": message["ts"], "message": message}

    def _find(self, channel: str, ts: str) -> dict[str, Any] | None:
        with self._lock:
            return next((m for m in self.messages.get(channel, []) if m["ts"] == ts), None)

    def _reactions_add(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (params.get("channel", ""), params.get("timestamp", ""), params.get("name", ""))
        if self._find(key[0], key[1]) is None:
            return {"ok": False, "error": "message_not_found"}
        with self._lock:
            if key in self.reactions:
                return {"ok": False, "error": "already_reacted"}
            self.reactions.add(key)
        return {"ok": True}

    def _reactions_remove(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (params.get("channel", ""), params.get("timestamp", ""), params.get("name", ""))
        with self._lock:
            if key not in self.reactions:
                return {"ok": False, "error": "no_reaction"}
            self.reactions.discard(key)
        return {"ok": True}

    def _conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = params.get("channel", ""), params.get("ts", "")
        if self._find(channel, ts) is None:
            return {"ok": False, "error": "thread_not_found"}
        with self._lock:
            thread = [m for m in self.messages[channel] if m["ts"] == ts or m.get("thread_ts") == ts]
        return {"ok": True, "messages": thread, "has_more": False}

    def _apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": self.url.replace("http://", "ws://") + "/link"}

    async def _serve_socket(self, ws: WebSocket) -> None:
        await ws.accept()
        await ws.send_text(json.dumps({"type": "hello", "num_connections": 1,
                                       "connection_info": {"app_id": "AFAKE0001"}}))
        closed = asyncio.Event()

        async def pump() -> None:
            while not closed.is_set():
                try:
                    text = await asyncio.to_thread(self.outbox.get, True, 0.2)
                except queue.Empty:
                    continue
                await ws.send_text(text)

        sender = asyncio.create_task(pump())
        try:
            while True:
                received = json.loads(await ws.receive_text())
                with self._lock:
                    self.socket_received.append(received)
        except WebSocketDisconnect:
            pass
        finally:
            closed.set()
            sender.cancel()
            with suppress(asyncio.CancelledError, RuntimeError, WebSocketDisconnect):
                await sender
