"""The audit trail: one line per answered request, with who, what and which files, and never any
document text; whole lines from many writers at once; old days deleted."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.audit import MAX_LINE_BYTES, QUESTION_CHARS, AuditLog
from rag import Answer, Citation, Message
from rag.assistant import Assistant
from rag.settings import Settings
from tests.api.access import (
    HR_DOC,
    HR_QUESTION,
    bearer,
    corpus_texts,
    keys_json,
    scoped_library,
    shares_40_chars,
)
from tests.api.conftest import QUESTION, ask
from tests.api.sse import parse_sse

FIELDS = ["time", "key", "route", "collections", "question", "cited", "abstained", "request_id",
          "status"]


@pytest.fixture(scope="module")
def library(base_settings, embedder, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return scoped_library(base_settings, embedder, tmp_path_factory.mktemp("audited"))


@pytest.fixture
def audited(library: Assistant, tmp_path: Path) -> Iterator[tuple[TestClient, AuditLog]]:
    settings = library.settings.replace(api_keys=keys_json(**{"reader": "3/minute"}),
                                        audit_log=tmp_path / "logs" / "audit.jsonl")
    app = create_app(settings, library)
    with TestClient(app) as client:
        yield client, app.state.audit


def test_one_line_per_answered_request_and_no_document_text(
        audited: tuple[TestClient, AuditLog], library: Assistant) -> None:
    client, audit = audited
    sent = [("/chat", ask(HR_QUESTION), "hr"), ("/chat", ask(QUESTION, stream=True), "reader"),
            ("/v1/chat/completions", {"model": "rag", **ask(QUESTION)}, "admin"),
            ("/v1/chat/completions", {"model": "rag", "stream": True, **ask(HR_QUESTION)}, "hr"),
            ("/search", {"query": "Orbisoft annual leave"}, "editor")]
    ids = []
    for path, body, who in sent:
        response = client.post(path, json=body, headers=bearer(who))
        assert response.status_code == 200, response.text
        ids.append(response.headers["x-request-id"])
    for refused in (client.post("/chat", json=ask()),  # 401
                    client.post("/chat", json={"messages": []}, headers=bearer("hr")),  # 422
                    *[client.post("/search", json={"query": "x"}, headers=bearer("reader"))
                      for _ in range(3)]):  # the reader's third request this minute: 429
        assert refused.status_code in (401, 422, 200, 429)
    lines = audit.lines()
    assert len(lines) == len(sent) + 2  # the reader's two searches within its rate
    assert [line["request_id"] for line in lines[:5]] == ids
    for line in lines:
        assert list(line) == FIELDS and line["status"] == 200
        assert datetime.fromisoformat(line["time"]).utcoffset() == timedelta(0)
    hr, stream, completion, streamed, search = lines[:5]
    assert (hr["key"], hr["route"], hr["collections"]) == ("hr-bot", "/chat", ["hr"])
    assert hr["question"] == HR_QUESTION and hr["cited"] == [HR_DOC] and hr["abstained"] is False
    assert (stream["key"], stream["collections"]) == ("reader", ["default", "finance"])
    assert (completion["key"], completion["collections"]) == ("admin", ["*"])
    assert completion["route"] == "/v1/chat/completions" and completion["cited"]
    assert streamed["cited"] == [HR_DOC] and search["route"] == "/search"
    assert search["question"] == "Orbisoft annual leave" and HR_DOC in search["cited"]
    text = "".join(f.read_text(encoding="utf-8") for _, f in audit.files())
    assert shares_40_chars(text, corpus_texts(library)) is None
    assert all(f.stat().st_mode & 0o777 == 0o600 for _, f in audit.files())


def test_a_stream_answer_is_audited_before_it_is_sent(audited: tuple[TestClient, AuditLog]) -> None:
    client, audit = audited
    response = client.post("/chat", json=ask(HR_QUESTION, stream=True), headers=bearer("hr"))
    answer = next(e.json() for e in parse_sse(response.text) if e.event == "answer")
    [line] = audit.lines()
    assert line["cited"] == list(dict.fromkeys(c["file"] for c in answer["citations"]))
    assert line["cited"] == [HR_DOC]


def test_a_failed_answer_is_audited_with_its_status(library: Assistant, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.errors import StoreError

    def down(*args: object, **kwargs: object) -> None:
        raise StoreError("the store is down")

    app = create_app(library.settings.replace(audit_log=tmp_path / "a.jsonl"), library)
    monkeypatch.setattr(library, "search", down)
    with TestClient(app) as client:
        assert client.post("/search", json={"query": "leave"}).status_code == 503
    [line] = app.state.audit.lines()
    assert (line["key"], line["status"], line["abstained"], line["cited"]) == \
        ("anonymous", 503, None, [])


def answer(*files: str) -> Answer:
    return Answer(answer="…", abstained=not files, language="en", generator="extractive",
                  citations=[Citation(ref=n, file=f, start_line=1, end_line=1, start_char=0,
                                      end_char=1, quote="q") for n, f in enumerate(files, 1)])


def test_the_slack_hook_and_the_bounds_of_a_line(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    audit.record_answer(key="slack:U123", route="slack", collections=None,
                        messages=[Message(role="user", content="q1"),
                                  Message(role="assistant", content="a1"),
                                  Message(role="user", content="x" * 5000)],
                        answer=answer("a.md", "b.md", "a.md"), request_id="1700000000.0001")
    audit.record(key="k", route="/search", collections=frozenset({"hr"}), question="名" * 3000,
                 cited=[f"folder/{n:04d}-{'y' * 200}.md" for n in range(50)], abstained=False,
                 request_id="r", status=200)
    first, second = audit.lines()
    assert first["key"] == "slack:U123" and first["question"] == "x" * QUESTION_CHARS
    assert first["cited"] == ["a.md", "b.md"] and first["collections"] == ["*"]
    assert second.get("truncated") is True and second["cited"]
    for _, file in audit.files():
        assert all(len(line) <= MAX_LINE_BYTES for line in file.read_bytes().splitlines(True))


def write_many(path: str, who: str, n: int) -> None:
    audit = AuditLog(Path(path))
    for i in range(n):
        audit.record(key=who, route="/chat", collections=None, question=f"{who} {i} " + "z" * 900,
                     cited=["a.md"], abstained=False, request_id=str(i), status=200)


def test_many_threads_and_processes_write_whole_lines(tmp_path: Path) -> None:
    path = str(tmp_path / "audit.jsonl")
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=write_many, args=(path, f"p{n}", 300)) for n in range(3)]
    for p in processes:
        p.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: write_many(path, f"t{n}", 300), range(4)))
    for p in processes:
        p.join(60)
        assert p.exitcode == 0
    lines = AuditLog(Path(path)).lines()  # each parses: no line was cut or interleaved
    assert len(lines) == 7 * 300
    assert {(line["key"], line["request_id"]) for line in lines} == \
        {(f"{w}{n}", str(i)) for w in "pt" for n in range(4 if w == "t" else 3) for i in range(300)}


def test_old_days_are_deleted_at_start_up_and_daily(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    today = datetime.now(UTC).date()
    for age in (0, 30, 89, 90, 91, 400):
        day = today - timedelta(days=age)
        (tmp_path / f"audit-{day.isoformat()}.jsonl").write_text(json.dumps({"age": age}) + "\n")
    (tmp_path / "audit-notes.jsonl").write_text("not a day's file\n")
    audit = AuditLog.from_settings(Settings(audit_log=path, audit_retention_days=90))
    kept = sorted((today - day).days for day, _ in audit.files())
    assert kept == [0, 30, 89, 90] and (tmp_path / "audit-notes.jsonl").exists()

    clock = [datetime.now(UTC)]
    later = AuditLog(path, retention_days=90, now=lambda: clock[0])
    later.record(key="k", route="/chat", collections=None, question="q", cited=[], abstained=True,
                 request_id="1", status=200)
    clock[0] += timedelta(days=2)  # the next line is written on a new day: the day's pruning runs
    later.record(key="k", route="/chat", collections=None, question="q", cited=[], abstained=True,
                 request_id="2", status=200)
    assert sorted((today - day).days for day, _ in later.files()) == [-2, 0, 30]  # 89, 90: now 91, 92


class Pipeline:
    """A stand-in for `Pipeline.stream`: a draft, then the Result (or an error), closable."""

    def __init__(self, fail: bool = False) -> None:
        self.fail, self.closed = fail, False

    def stream(self) -> Iterator[object]:
        from rag import Result

        try:
            yield "draft"
            if self.fail:
                raise RuntimeError("boom")
            yield Result(answer("a.md"), [], "q")
        finally:
            self.closed = True


@pytest.mark.parametrize(("fail", "read", "status"), [(False, 2, 200), (True, 2, 500),
                                                      (False, 1, 499), (False, 0, 499)])
def test_a_stream_has_one_line_however_it_ends(tmp_path: Path, fail: bool, read: int,
                                               status: int) -> None:
    from api.answering import AuditedStream
    from api.audit import Trail

    audit = AuditLog(tmp_path / "audit.jsonl")
    pipeline = Pipeline(fail)
    stream = AuditedStream(pipeline.stream(), Trail(audit, "k", "/chat", None, "q", "r"))
    with pytest.raises(RuntimeError) if fail else nullcontext():
        for _ in range(read):
            next(stream)
    stream.close()
    assert [line["status"] for line in audit.lines()] == [status]
    assert pipeline.closed or read == 0
