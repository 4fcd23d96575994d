"""A small server-sent-events parser, written from the spec rather than taken from the server's
code, so the tests check the wire format a browser's EventSource would see."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass
class Event:
    event: str
    data: str

    def json(self) -> Any:
        return json.loads(self.data)


def parse_sse(body: str) -> list[Event]:
    """Events in order; comment lines (`: ping`) ignored; `event` defaults to "message"."""
    events: list[Event] = []
    name, data = "", []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line == "":
            if data:
                events.append(Event(name or "message", "\n".join(data)))
            name, data = "", []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
    return events
