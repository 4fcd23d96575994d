"""API keys and what each may do: read from `RAG_API_KEY` and `RAG_API_KEYS`, checked once when the
app is built, and resolved per request into a `Caller`.

`RAG_API_KEYS` is a JSON object (or the path of a file holding one) from secret to grant:

    {"<secret>": {"id": "hr-bot", "collections": ["hr", "default"],
                  "upload": false, "delete": false, "rate": "60/minute"}}

`id` names the key in logs, the audit trail and rate limits (the secret never appears anywhere);
`collections` is required, so that no key reads everything by omission (`["*"]`: all of them);
`upload` and `delete` default to false; `rate` defaults to RAG_RATE_LIMIT. A mistake stops the
server at start-up with one line naming RAG_API_KEYS and the key's id or position, never its
secret. `RAG_API_KEY`, the single key of before, stays valid alongside: every right on every
collection, id `api-key`. With no key at all the server is open, as before: everyone is the
caller `anonymous` with every right.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.ratelimit import Rate, default_rate, parse_rate
from rag import ConfigError, Settings

ALL = "*"
ANONYMOUS = "anonymous"
SINGLE_KEY_ID = "api-key"
"""The id of RAG_API_KEY's caller."""
_ID_CHARS = r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$"


class Grant(BaseModel):
    """What one key may do; strict, so that a typo ("uplaod") is an error, not a missing right."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(pattern=_ID_CHARS)
    collections: list[str] = Field(min_length=1)
    upload: bool = False
    delete: bool = False
    rate: str | None = None


@dataclass(frozen=True)
class Caller:
    """Who is asking, resolved once per request from its key."""

    id: str
    collections: frozenset[str] | None
    """The collections it may read (and write into); None: all."""
    can_upload: bool = True
    can_delete: bool = True
    rate: Rate | None = None
    home: str | None = None
    """Where its uploads go when they name no collection: the first it lists (None: all)."""

    def can_read(self, collection: str) -> bool:
        return self.collections is None or collection in self.collections


def collection_problem(name: str) -> str | None:
    """Why `name` cannot be a collection (a folder at the top of the corpus), or None."""
    if not name or name != name.strip():
        return "is empty or has spaces around it"
    if "/" in name or "\\" in name or name.startswith("."):
        return "must be one folder name, not starting with '.'"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name) or len(name.encode()) > 255:
        return "holds control characters or is over 255 bytes"
    return None


def _secret_problem(secret: str) -> str | None:
    if not secret or not all(33 <= ord(ch) <= 126 for ch in secret):
        return "must be non-empty printable ASCII without spaces (a bearer token)"
    return None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object hook: a secret given twice is an error, not silently the last one."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ConfigError("RAG_API_KEYS: the same secret is given twice")
        seen[key] = value
    return seen


def read_grants(raw: str) -> dict[str, Any]:
    """The JSON object, from the variable itself or from the file it names."""
    text = raw
    if not raw.lstrip().startswith(("{", "[")):
        try:
            text = Path(raw.strip()).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise ConfigError(f"RAG_API_KEYS: neither a JSON object nor a readable key file "
                              f"({reason})") from None
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:  # its message holds a position, never the text
        raise ConfigError(f"RAG_API_KEYS: not valid JSON ({exc.msg} at line {exc.lineno}, "
                          f"column {exc.colno})") from None
    if not isinstance(data, dict) or not data:
        raise ConfigError('RAG_API_KEYS: expected a non-empty JSON object {"<secret>": {"id": …, '
                          '"collections": […]}}')
    return data


def _caller(position: int, secret: str, value: Any, default: Rate | None) -> Caller:
    try:
        grant = Grant.model_validate(value)
    except ValidationError as exc:
        name = value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) \
            else None
        who = f"key {name!r}" if name and len(name) <= 64 else f"key #{position}"
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'grant'}: {e['msg']}"
                             for e in exc.errors(include_input=False))
        raise ConfigError(f"RAG_API_KEYS: {who}: {problems}") from None
    who = f"key {grant.id!r}"
    if (problem := _secret_problem(secret)) is not None:
        raise ConfigError(f"RAG_API_KEYS: {who}: the secret {problem}")
    collections: frozenset[str] | None = frozenset(grant.collections)
    if ALL in grant.collections:
        if len(grant.collections) > 1:
            raise ConfigError(f"RAG_API_KEYS: {who}: '*' (all collections) stands alone")
        collections = None
    for name in grant.collections if collections is not None else ():
        if (problem := collection_problem(name)) is not None:
            raise ConfigError(f"RAG_API_KEYS: {who}: the collection {name!r} {problem}")
    try:
        rate = parse_rate(grant.rate) if grant.rate is not None else default
    except ValueError as exc:
        raise ConfigError(f"RAG_API_KEYS: {who}: {exc}") from None
    home = grant.collections[0] if collections is not None else None
    return Caller(grant.id, collections, grant.upload, grant.delete, rate, home)


class Keyring:
    """Every configured key, matched in constant time; `open_caller` when none is configured."""

    def __init__(self, keys: list[tuple[bytes, Caller]], default: Rate | None = None) -> None:
        self.keys = keys
        self.open_caller = Caller(ANONYMOUS, None, rate=default)

    @property
    def required(self) -> bool:
        return bool(self.keys)

    @classmethod
    def from_settings(cls, settings: Settings) -> Keyring:
        """Raise ConfigError (one line, no secret in it) for anything wrong."""
        api = settings.api
        default = default_rate(api.rate_limit)
        keys: list[tuple[bytes, Caller]] = []
        if api.api_key:
            keys.append((api.api_key.encode("utf-8", "surrogatepass"),
                         Caller(SINGLE_KEY_ID, None, rate=default)))
        raw = api.api_keys.get_secret_value() if api.api_keys is not None else ""
        if raw.strip():
            for n, (secret, value) in enumerate(read_grants(raw).items(), start=1):
                caller = _caller(n, secret, value, default)  # checks the secret before its bytes
                keys.append((secret.encode("utf-8"), caller))
        ids = [caller.id for _, caller in keys]
        clash = next((i for i in ids if ids.count(i) > 1 or i == ANONYMOUS), None)
        if clash is not None:
            raise ConfigError(f"RAG_API_KEYS: the id {clash!r} is used twice or reserved "
                              f"({ANONYMOUS!r}; {SINGLE_KEY_ID!r} when RAG_API_KEY is set)")
        if len({secret for secret, _ in keys}) < len(keys):
            raise ConfigError("RAG_API_KEYS: a secret is also RAG_API_KEY's")
        return cls(keys, default)

    def resolve(self, supplied: str) -> Caller | None:
        """The caller whose secret equals `supplied`, or None. Every key is compared with
        `secrets.compare_digest`, none skipped after a match, so the time taken says nothing
        about which key matched or how much of a guess was right."""
        given = supplied.encode("utf-8", "surrogatepass")
        found: Caller | None = None
        for secret, caller in self.keys:
            if secrets.compare_digest(given, secret) and found is None:
                found = caller
        return found
