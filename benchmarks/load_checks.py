"""What `load.py --rate` and `--audit` configure on the server and check afterwards.

Either option gives the server two keys (RAG_API_KEYS): `load`, used by every client and carrying
`--rate`, and `warm-up`, without a limit, for the warm-up question and the probes of
`--index-during`, so that only the clients' requests count against the limit and in the check.

- Rate: every 429 must carry `Retry-After` (whole seconds, at least 1); when the clients' requests
  all fell within one window of the rate, exactly `count` of them (or all, if fewer) must pass;
  over a longer run, at most `count` per window begun. With several workers each keeps its own
  window (in memory), so up to `workers × count` may pass.
- Audit: the audit log must hold exactly one line per answered request of the `load` key, each
  with status 200; refused requests (429) leave none.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from api.audit import AuditLog
from api.ratelimit import parse_rate

LOAD_KEY = "load-benchmark-secret-0001"
WARM_KEY = "warm-up-benchmark-secret-0001"
LOAD_ID = "load"


def server_env(rate: str | None, audit: Path | None) -> dict[str, str]:
    """RAG_ variables for the server; empty when neither option is given (an open server)."""
    if rate is None and audit is None:
        return {}
    load: dict[str, object] = {"id": LOAD_ID, "collections": ["*"]}
    if rate is not None:
        load["rate"] = rate
    env = {"RAG_API_KEYS": json.dumps({LOAD_KEY: load,
                                       WARM_KEY: {"id": "warm-up", "collections": ["*"]}}),
           "RAG_RATE_LIMIT": ""}
    if audit is not None:
        env["RAG_AUDIT_LOG"] = str(audit)
    return env


def headers(enabled: bool, key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"} if enabled else {}


def check_rate(rate_text: str, passed: int, limited: int, wall: float,
               workers: int) -> tuple[bool, str]:
    """(ok, a line for the report) on how many requests the limit let through."""
    rate = parse_rate(rate_text)
    total = passed + limited
    windows = max(1, math.ceil(wall / rate.period))
    least, most = min(total, rate.count), min(total, rate.count * windows * workers)
    exact = windows == 1 and workers == 1
    ok = passed == least if exact else least <= passed <= most
    expected = f"exactly {least}" if exact else f"{least} to {most}"
    return ok, (f"rate {rate.text}: {passed} passed, {limited} got 429 (expected {expected} to "
                f"pass: {windows} window(s), {workers} worker(s)) -> {'ok' if ok else 'WRONG'}")


def check_audit(path: Path, answered: int) -> tuple[bool, str]:
    """(ok, a line for the report) on the audit lines of the `load` key."""
    lines = [line for line in AuditLog(path).lines() if line.get("key") == LOAD_ID]
    good = sum(line.get("status") == 200 for line in lines)
    ok = len(lines) == good == answered
    return ok, (f"audit: {len(lines)} lines for the clients' key ({good} with status 200), "
                f"{answered} answered requests -> {'ok' if ok else 'WRONG'}")
