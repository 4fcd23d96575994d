"""The audit trail: one JSON line per answered question or search, saying who asked what of which
collections and which files the reply cited, and never any document text.

A line (keys in this order):

    {"time": "2026-12-05T10:00:00.123+00:00", "key": "hr-bot", "route": "/chat",
     "collections": ["default", "hr"], "question": "…", "cited": ["hr/leave.md"],
     "abstained": false, "request_id": "…", "status": 200}

`key` is the API key's id (never its secret), or `slack:<user id>` for the Slack bot, which calls
`AuditLog.record_answer`. `collections` is `["*"]` for a caller who reads them all. `question`
is the last user turn, cut at QUESTION_CHARS. `cited` holds file paths within the corpus (of the
citations, or of a search's passages), never their text. `status` is the HTTP status the request
ended with: 200, or the error's (422, 503, 500; 499 when the client left a stream before its
answer), with `abstained` null. Requests refused before any work (401, 403, 413, 422 on the body,
429, 503 busy) leave no line: nothing was searched.

Files and retention: `RAG_AUDIT_LOG=/var/log/rag/audit.jsonl` writes `audit-YYYY-MM-DD.jsonl`
there, by UTC day. Nothing is ever rewritten: a day's file is only appended to, and a whole file
is deleted once its day is more than RAG_AUDIT_RETENTION_DAYS old (at start-up, and at the first
line of each new day), so no process can lose a line to another's rotation. Each line is one
`write()` on a file opened with O_APPEND, and lines are kept under 4096 bytes (PIPE_BUF), so lines
from several threads and worker processes never interleave. Files are created mode 0600 (they
hold questions). A line that cannot be written fails the request (500) rather than leave an
answer without its line.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rag import Answer, ConfigError, Message, Passage, Settings

log = logging.getLogger(__name__)

QUESTION_CHARS = 500
MAX_LINE_BYTES = 4000
"""Under PIPE_BUF (4096): the size up to which POSIX promises an append is not interleaved."""
ALL_COLLECTIONS = ["*"]


def cited_files(paths: Iterable[str]) -> list[str]:
    """Each file once, in the order first cited."""
    return list(dict.fromkeys(paths))


def last_question(messages: Sequence[Message]) -> str:
    return next((m.content for m in reversed(messages) if m.role == "user"), "")


def encode(entry: dict[str, Any]) -> bytes:
    """The entry as one line under MAX_LINE_BYTES: the longest of the question, the cited files
    and the collections is shortened until it fits (with `"truncated": true`)."""
    while True:
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode(
            "utf-8", "backslashreplace")
        if len(line) <= MAX_LINE_BYTES:
            return line
        entry["truncated"] = True
        name = max(("question", "cited", "collections"), key=lambda k: len(str(entry[k])))
        value = entry[name]
        entry[name] = value[:len(value) // 2]


class AuditLog:
    """Appends audit lines to the day's file under `path`'s folder; does nothing when `path` is
    None (RAG_AUDIT_LOG unset)."""

    def __init__(self, path: Path | None, retention_days: int = 90,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.path = path
        self.retention_days = retention_days
        self._now = now
        self._lock = threading.Lock()
        self._pruned_on: date | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> AuditLog:
        """The configured log, its folder created and old days pruned; ConfigError (one line
        naming RAG_AUDIT_LOG) when it cannot be written."""
        audit = cls(settings.api.audit_log, settings.api.audit_retention_days)
        if audit.path is not None:
            try:
                audit.path.parent.mkdir(parents=True, exist_ok=True)
                os.close(audit._open(audit.file_for(audit._now().date())))
            except OSError as exc:
                raise ConfigError(f"RAG_AUDIT_LOG: cannot write the audit log in "
                                  f"{audit.path.parent}: {exc.strerror or exc}") from None
            audit.prune()
        return audit

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def file_for(self, day: date) -> Path:
        assert self.path is not None
        return self.path.with_name(f"{self.path.stem}-{day.isoformat()}{self.path.suffix or '.jsonl'}")

    def files(self) -> list[tuple[date, Path]]:
        """Every day's file, oldest first."""
        if self.path is None or not self.path.parent.is_dir():
            return []
        head, tail = f"{self.path.stem}-", self.path.suffix or ".jsonl"
        found = []
        for file in self.path.parent.iterdir():
            name = file.name
            if name.startswith(head) and name.endswith(tail):
                try:
                    found.append((date.fromisoformat(name[len(head):len(name) - len(tail)]), file))
                except ValueError:
                    continue
        return sorted(found)

    def lines(self) -> list[dict[str, Any]]:
        """Every line kept, oldest first (for tests and reports)."""
        return [json.loads(line) for _, file in self.files()
                for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]

    def prune(self) -> list[Path]:
        """Delete the files of days older than the retention; the deleted files."""
        today = self._now().date()
        self._pruned_on = today
        oldest_kept = today - timedelta(days=self.retention_days)
        gone = []
        for day, file in self.files():
            if day < oldest_kept:
                file.unlink(missing_ok=True)
                gone.append(file)
        if gone:
            log.info("audit: deleted %d file(s) older than %d days", len(gone), self.retention_days)
        return gone

    def record(self, *, key: str, route: str, collections: frozenset[str] | None, question: str,
               cited: Sequence[str], abstained: bool | None, request_id: str,
               status: int) -> None:
        """Append one line; see the module's docstring for what each field means."""
        if self.path is None:
            return
        now = self._now()
        entry = {"time": now.isoformat(timespec="milliseconds"), "key": key, "route": route,
                 "collections": sorted(collections) if collections is not None else ALL_COLLECTIONS,
                 "question": question[:QUESTION_CHARS], "cited": cited_files(cited),
                 "abstained": abstained, "request_id": request_id, "status": status}
        line = encode(entry)
        with self._lock:
            if self._pruned_on != now.date():
                self.prune()
            fd = self._open(self.file_for(now.date()))
            try:
                os.write(fd, line)
            finally:
                os.close(fd)

    def record_answer(self, *, key: str, route: str, collections: frozenset[str] | None,
                      messages: Sequence[Message], answer: Answer | None, request_id: str,
                      status: int = 200) -> None:
        """The line for an answer (or, with `answer` None, for a failed question): the hook for
        front ends other than the HTTP routes, e.g. the Slack bot with `key="slack:U123"`."""
        self.record(key=key, route=route, collections=collections,
                    question=last_question(messages),
                    cited=[c.file for c in answer.citations] if answer else [],
                    abstained=answer.abstained if answer else None, request_id=request_id,
                    status=status)

    @staticmethod
    def _open(file: Path) -> int:
        return os.open(file, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)


@dataclass
class Trail:
    """One request's audit line, written at most once however the request ends."""

    log: AuditLog
    key: str
    route: str
    collections: frozenset[str] | None
    question: str
    request_id: str
    written: bool = field(default=False, init=False)

    def answered(self, answer: Answer) -> None:
        self._write(200, [c.file for c in answer.citations], answer.abstained)

    def found(self, passages: Sequence[Passage]) -> None:
        """A search's line: the files of the passages returned; `abstained` when none was."""
        self._write(200, [p.file for p in passages], not passages)

    def failed(self, status: int) -> None:
        self._write(status, [], None)

    def _write(self, status: int, cited: Sequence[str], abstained: bool | None) -> None:
        if self.written:
            return
        self.written = True
        self.log.record(key=self.key, route=self.route, collections=self.collections,
                        question=self.question, cited=cited, abstained=abstained,
                        request_id=self.request_id, status=status)
