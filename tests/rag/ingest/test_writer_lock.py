"""The embedded index's write lock: a second writer waits, or fails with IndexBusy naming the first;
the lock goes with its holder, however the holder ends; a Chroma server needs none."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.errors import IndexBusy, StoreError
from rag.ingest.writer_lock import LOCK_FILE, read_holder, writing
from rag.settings import IndexSettings, Settings


def index_settings(tmp_path: Path, **values: object) -> IndexSettings:
    return IndexSettings(index_path=tmp_path / "index", chroma_url=None, **values)


@contextmanager
def held_by_a_thread(settings: IndexSettings, doing: str = "indexing") -> Iterator[threading.Event]:
    """Another thread holds the lock until the yielded event is set."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with writing(settings, doing):
            taken.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    try:
        yield release
    finally:
        release.set()
        thread.join(10)


def test_a_second_writer_waits_then_proceeds(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = index_settings(tmp_path, index_lock_timeout=10)
    with held_by_a_thread(settings) as release:
        threading.Timer(0.5, release.set).start()
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, "rag.ingest.writer_lock"), \
                writing(settings, "deleting a document"):
            waited = time.monotonic() - started
            holder = read_holder(settings.index_path / LOCK_FILE)
    assert 0.4 < waited < 5
    waits = [r.getMessage() for r in caplog.records if "waiting up to" in r.getMessage()]
    assert len(waits) == 1 and f"pid {os.getpid()}" in waits[0] and "indexing since" in waits[0]
    assert holder is not None and holder.doing == "deleting a document"
    assert read_holder(settings.index_path / LOCK_FILE) is None  # the note goes with the lock


def test_with_timeout_zero_the_second_writer_fails_at_once_naming_the_first(tmp_path: Path) -> None:
    settings = index_settings(tmp_path, index_lock_timeout=0)
    with held_by_a_thread(settings):
        started = time.monotonic()
        with pytest.raises(IndexBusy) as busy, writing(settings, "indexing"):
            pass
        assert time.monotonic() - started < 1
    message = str(busy.value)
    assert str(settings.index_path) in message and "RAG_INDEX_LOCK_TIMEOUT=0" in message
    assert f"pid {os.getpid()} on {socket.gethostname()}" in message and "indexing since" in message
    assert "\n" not in message
    detail = busy.value.detail  # what an HTTP client is told: no pid, host or path
    assert "another process" in detail and "indexing since" in detail
    assert str(os.getpid()) not in detail and str(tmp_path) not in detail
    assert isinstance(busy.value, StoreError) and busy.value.retry_after > 0


def test_a_timeout_is_reported_after_waiting(tmp_path: Path) -> None:
    settings = index_settings(tmp_path, index_lock_timeout=0.3)
    with held_by_a_thread(settings):
        started = time.monotonic()
        with pytest.raises(IndexBusy, match=r"gave up after 0\.3 s"), writing(settings, "indexing"):
            pass
        assert time.monotonic() - started >= 0.3


def test_the_lock_is_released_on_an_exception_and_reentrant_in_a_thread(tmp_path: Path) -> None:
    settings = index_settings(tmp_path, index_lock_timeout=0)
    with pytest.raises(RuntimeError), writing(settings, "indexing"):
        with writing(settings, "deleting a document"):  # the same thread: no wait for itself
            pass
        raise RuntimeError("the write failed")
    with held_by_a_thread(settings):  # free again: another thread takes it at once
        pass


def test_a_chroma_server_index_takes_no_lock(tmp_path: Path) -> None:
    settings = IndexSettings(index_path=tmp_path / "index", chroma_url="http://127.0.0.1:9",
                             index_lock_timeout=0)
    with held_by_a_thread(settings), writing(settings, "indexing"):
        pass
    assert not (tmp_path / "index").exists()


def test_the_assistant_writes_under_the_lock_and_opens_the_store_only_when_it_has_it(
        tmp_path: Path) -> None:
    settings = Settings(index_path=tmp_path / "index", corpus_path=tmp_path / "corpus",
                        chroma_url=None, index_lock_timeout=0)
    assistant = Assistant(settings)
    with held_by_a_thread(settings.index):
        with pytest.raises(IndexBusy):
            assistant.index()
        with pytest.raises(IndexBusy):
            assistant.delete_document("a.txt")
    assert assistant._store is None  # nothing was opened, let alone written


def test_the_timeout_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAG_INDEX_LOCK_TIMEOUT", raising=False)
    assert Settings().index.index_lock_timeout == 30
    monkeypatch.setenv("RAG_INDEX_LOCK_TIMEOUT", "0")
    assert Settings().index.index_lock_timeout == 0
    monkeypatch.setenv("RAG_INDEX_LOCK_TIMEOUT", "-1")
    with pytest.raises(ValueError, match="index_lock_timeout"):
        Settings()


HOLDER = """
import sys, time
from pathlib import Path
from rag.ingest.writer_lock import writing
from rag.settings import IndexSettings
with writing(IndexSettings(index_path=Path(sys.argv[1]), chroma_url=None), "indexing"):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.mark.slow
def test_another_process_holds_it_until_it_is_killed(tmp_path: Path) -> None:
    settings = index_settings(tmp_path, index_lock_timeout=0)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(settings.index_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(IndexBusy, match=f"pid {holder.pid} on "), writing(settings, "indexing"):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    with writing(settings, "indexing"):  # the OS dropped the lock with the process
        pass


def test_a_writer_that_has_just_taken_the_lock_is_named_once_its_note_is_written(
        tmp_path: Path) -> None:
    """Two runs started at once: the loser may look before the winner has written its note."""
    import fcntl
    import json

    settings = index_settings(tmp_path, index_lock_timeout=0)
    settings.index_path.mkdir(parents=True)
    fd = os.open(settings.index_path / LOCK_FILE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # taken, no note yet
    note = {"pid": 4242, "host": "builder", "command": "rag index", "doing": "indexing",
            "since": time.time()}
    later = threading.Timer(0.15, lambda: os.pwrite(fd, json.dumps(note).encode(), 0))
    later.start()
    try:
        with pytest.raises(IndexBusy) as busy, writing(settings, "indexing"):
            pass
    finally:
        later.join()
        os.close(fd)
    assert "pid 4242 on builder" in str(busy.value)
