"""The rate limit and the audit log under load (benchmarks/load.py --rate --audit): exactly the
allowed requests pass, the rest get 429 with Retry-After, and every answered request has one audit
line; with one worker, and with two sharing a Chroma server (and one audit folder)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOAD = [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--clients", "4", "--requests", "5"]

pytestmark = pytest.mark.slow


def run(*args: str) -> str:
    done = subprocess.run([*LOAD, *args], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return done.stdout


def audit_lines(path: Path) -> list[dict]:
    return [json.loads(line) for file in sorted(path.parent.glob("audit-*.jsonl"))
            for line in file.read_text(encoding="utf-8").splitlines()]


def test_exactly_the_allowed_requests_pass_and_each_has_one_audit_line(tmp_path: Path) -> None:
    audit = tmp_path / "logs" / "audit.jsonl"
    out = run("--rate", "7/minute", "--audit", str(audit))
    assert "ok: 7 " in out and "failures: 0" in out, out
    assert "rate-limited (429, with Retry-After): 13" in out, out
    assert "rate 7/minute: 7 passed, 13 got 429 (expected exactly 7 to pass" in out, out
    assert "audit: 7 lines for the clients' key (7 with status 200), 7 answered requests -> ok" in out
    lines = audit_lines(audit)
    assert sorted(line["key"] for line in lines) == ["load"] * 7 + ["warm-up"]
    assert all(line["status"] == 200 and line["route"] == "/chat" and line["cited"] for line in lines
               if not line["abstained"])


def test_two_workers_each_keep_their_window_and_share_the_audit_folder(tmp_path: Path) -> None:
    audit = tmp_path / "audit.jsonl"
    out = run("--rate", "4/minute", "--audit", str(audit), "--workers", "2", "--chroma-server")
    passed = int(re.search(r"rate 4/minute: (\d+) passed, (\d+) got 429", out).group(1))
    assert 4 <= passed <= 8 and "failures: 0" in out, out
    assert f"audit: {passed} lines for the clients' key ({passed} with status 200)" in out, out
    assert sum(line["key"] == "load" for line in audit_lines(audit)) == passed
