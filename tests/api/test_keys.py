"""RAG_API_KEYS: what a key grants, and each configuration mistake as one line at start-up that
names the variable and never the secret."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from api.app import create_app
from api.keys import ANONYMOUS, SINGLE_KEY_ID, Caller, Keyring
from api.ratelimit import Rate, parse_rate
from rag import ConfigError
from rag.assistant import Assistant
from rag.settings import Settings

SECRET = "topsecret-0123456789"
RAG = str(Path(sys.executable).with_name("rag"))


def keyring(keys: object | None = None, **other: object) -> Keyring:
    raw = keys if isinstance(keys, str) or keys is None else json.dumps(keys)
    values = {"api_key": None, "rate_limit": None, **other}  # not from this shell's environment
    return Keyring.from_settings(Settings(api_keys=raw, **values))


def test_a_scoped_key_gets_its_collections_and_rights() -> None:
    ring = keyring({SECRET: {"id": "hr-bot", "collections": ["hr", "default"], "upload": True,
                             "rate": "60/minute"},
                    "other-secret-xyz": {"id": "all", "collections": ["*"], "delete": True}})
    hr = ring.resolve(SECRET)
    assert hr == Caller("hr-bot", frozenset({"hr", "default"}), can_upload=True, can_delete=False,
                        rate=Rate(60, 60.0, "60/minute"), home="hr")
    assert hr.can_read("hr") and not hr.can_read("finance")
    everything = ring.resolve("other-secret-xyz")
    assert everything is not None and everything.collections is None and everything.can_read("x")
    assert (everything.can_upload, everything.can_delete, everything.rate) == (False, True, None)
    assert ring.resolve("guess") is None and ring.resolve("") is None and ring.required


def test_the_single_key_and_the_open_server_keep_every_right() -> None:
    ring = keyring(api_key="plain-key", rate_limit="10/second")
    caller = ring.resolve("plain-key")
    assert caller == Caller(SINGLE_KEY_ID, None, True, True, parse_rate("10/second"))
    both = keyring({SECRET: {"id": "scoped", "collections": ["hr"]}}, api_key="plain-key")
    assert both.resolve("plain-key").id == SINGLE_KEY_ID and both.resolve(SECRET).id == "scoped"
    assert both.resolve(SECRET).rate is None  # no RAG_RATE_LIMIT: no limit
    open_ring = keyring()
    assert not open_ring.required
    assert open_ring.open_caller == Caller(ANONYMOUS, None, True, True, None)
    assert keyring("  ").keys == []  # blank: not configured


def test_keys_may_come_from_a_file(tmp_path: Path) -> None:
    file = tmp_path / "keys.json"
    file.write_text(json.dumps({SECRET: {"id": "from-file", "collections": ["hr"]}}))
    assert keyring(str(file)).resolve(SECRET).id == "from-file"


def test_every_key_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    ring = keyring({f"secret-number-{n}": {"id": f"k{n}", "collections": ["*"]} for n in range(3)})
    seen: list[bytes] = []
    real = secrets.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append(b)
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", spy)
    assert ring.resolve("secret-number-0").id == "k0"  # found first, the others compared anyway
    assert ring.resolve("nope") is None
    assert len(seen) == 6


GRANT_A, GRANT_B = '{"id": "a", "collections": ["hr"]}', '{"id": "b", "collections": ["hr"]}'
DUPLICATE = f'{{"{SECRET}": {GRANT_A}, "{SECRET}": {GRANT_B}}}'
MISTAKES: list[tuple[object, dict[str, object], str]] = [
    (f'{{"{SECRET}": ', {}, "RAG_API_KEYS: not valid JSON"),
    ("[]", {}, "RAG_API_KEYS: expected a non-empty JSON object"),
    ({}, {}, "RAG_API_KEYS: expected a non-empty JSON object"),
    ("/no/such/keys.json", {}, "RAG_API_KEYS: neither a JSON object nor a readable key file"),
    ({SECRET: {"id": "a"}}, {}, "RAG_API_KEYS: key 'a': collections: Field required"),
    ({SECRET: {"id": "a", "collections": []}}, {}, "key 'a': collections: List should have at least"),
    ({SECRET: {"id": "a", "collections": ["hr"], "uplaod": True}}, {}, "uplaod: Extra inputs"),
    ({SECRET: {"id": "a", "collections": ["hr"], "upload": "yes"}}, {}, "upload: Input should be"),
    ({SECRET: {"collections": ["hr"]}}, {}, "RAG_API_KEYS: key #1: id: Field required"),
    ({SECRET: {"id": "no spaces", "collections": ["hr"]}}, {}, "id: String should match"),
    ({SECRET: ["hr"]}, {}, "RAG_API_KEYS: key #1:"),
    ({SECRET: {"id": "a", "collections": ["*", "hr"]}}, {}, "'*' (all collections) stands alone"),
    ({SECRET: {"id": "a", "collections": ["../hr"]}}, {}, "the collection '../hr' must be one"),
    ({SECRET: {"id": "a", "collections": [".git"]}}, {}, "the collection '.git' must be one"),
    ({SECRET: {"id": "a", "collections": ["hr"], "rate": "5/ms"}}, {}, "key 'a': the rate '5/ms'"),
    ({"has space": {"id": "a", "collections": ["hr"]}}, {}, "key 'a': the secret must be"),
    ('{"\\ud800x": {"id": "a", "collections": ["hr"]}}', {}, "key 'a': the secret must be"),
    ({SECRET: {"id": "anonymous", "collections": ["hr"]}}, {}, "the id 'anonymous' is used twice"),
    ({SECRET: {"id": "a", "collections": ["hr"]}, "other-secret": {"id": "a", "collections": ["*"]}},
     {}, "the id 'a' is used twice"),
    ({SECRET: {"id": "api-key", "collections": ["hr"]}}, {"api_key": "plain"}, "the id 'api-key'"),
    ({SECRET: {"id": "a", "collections": ["hr"]}}, {"api_key": SECRET}, "a secret is also RAG_API_KEY"),
    (DUPLICATE, {}, "RAG_API_KEYS: the same secret is given twice"),
    (None, {"rate_limit": "fast"}, "RAG_RATE_LIMIT: the rate 'fast' is not of the form"),
]


@pytest.mark.parametrize(("keys", "other", "expected"), MISTAKES)
def test_each_mistake_is_one_line_naming_the_variable(keys: object, other: dict[str, object],
                                                       expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        keyring(keys, **other)
    message = str(caught.value)
    assert expected in message, message
    assert message.startswith(("RAG_API_KEYS: ", "RAG_RATE_LIMIT: ")) and "\n" not in message
    assert SECRET not in message and "has space" not in message


@pytest.mark.parametrize(("text", "count", "period"), [
    ("60/minute", 60, 60), ("1000/day", 1000, 86400), ("5/10s", 5, 10), ("30/2min", 30, 120),
    ("3 / second", 3, 1), ("2/hours", 2, 3600)])
def test_rates(text: str, count: int, period: float) -> None:
    rate = parse_rate(text)
    assert (rate.count, rate.period) == (count, period)


@pytest.mark.parametrize("text", ["5/ms", "5/m", "0/minute", "5/0s", "five/minute", "60"])
def test_bad_rates(text: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        parse_rate(text)


def test_the_app_is_not_built_with_bad_keys(assistant: Assistant) -> None:
    settings = assistant.settings.replace(api_keys='{"x": {"id": "a"}}')
    with pytest.raises(ConfigError, match="RAG_API_KEYS"):
        create_app(settings, assistant)


def test_rag_serve_refuses_bad_keys_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "RAG_API_KEYS": json.dumps({SECRET: {"id": "a", "collections": ["../x"]}}),
           "RAG_CORPUS_PATH": str(tmp_path / "corpus")}
    done = subprocess.run([RAG, "--index-path", str(tmp_path / "index"), "serve", "--port", "1"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 1
    assert "RAG_API_KEYS: key 'a': the collection '../x'" in done.stderr
    assert "Traceback" not in done.stderr and SECRET not in done.stderr + done.stdout
    assert not (tmp_path / "index").exists()  # refused before anything was opened
