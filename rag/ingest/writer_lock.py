"""One writer at a time on an embedded index, across processes.

The embedded index is Chroma's PersistentClient on `index_path/chroma`: SQLite plus vector segments
that each process loads and writes back on its own, with nothing that orders two processes writing
at once (two `rag index` runs, or one beside a `rag serve` taking uploads). So every change to the
index (`Assistant.index`, `Assistant.delete_document`) holds an exclusive OS lock (flock) on
`index_path/write.lock`, and a second writer waits for it, up to `index_lock_timeout` seconds
(RAG_INDEX_LOCK_TIMEOUT; 0: not at all), saying once on the log that it waits and for whom; then
it fails with IndexBusy, which names the writer. Either way nothing is written twice at once.

The lock file holds a JSON note of its holder (pid, host, command, what it does, since when) so
that the message can name it. The lock itself is the OS's, not the note: it goes when its holder's
process ends, however that ends (killed included), so a note left behind never blocks anyone. The
note is cleared on release. Reads take no lock: indexing commits file by file (rag.ingest.indexing),
so a reader sees each file's previous version or its new one. With a `chroma run` server
(RAG_CHROMA_URL) there is no lock at all: the server orders writes itself, and its clients may not
even share a file system.

The lock is re-entrant within a thread (a write inside a write does not wait for itself); two
threads of one process take it in turn, as two processes do.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from rag.errors import IndexBusy, StoreError
from rag.settings import IndexSettings

log = logging.getLogger(__name__)

LOCK_FILE = "write.lock"
POLL_SECONDS = 0.1
_held = threading.local()
"""Per thread: lock file → how many times this thread holds it now."""


@dataclass(frozen=True)
class Holder:
    """Who holds the write lock, as its note says."""

    pid: int
    host: str
    command: str
    """The holding process's program and subcommand, e.g. `rag index` or `rag serve`."""
    doing: str
    """What it writes: `indexing`, `deleting a document`."""
    since: float

    def describe(self, with_process: bool = True) -> str:
        """`pid 4242 on box (rag index, indexing since 12:03:04)`, or without pid and host."""
        when = time.strftime("%H:%M:%S" if time.time() - self.since < 86400 else "%Y-%m-%d %H:%M",
                             time.localtime(self.since))
        what = f"{self.command}, {self.doing} since {when}"
        return f"pid {self.pid} on {self.host} ({what})" if with_process else what


def lock_file(settings: IndexSettings) -> Path | None:
    """The lock file of this index, or None where there is no lock (a Chroma server)."""
    return None if settings.chroma_url else settings.index_path / LOCK_FILE


def read_holder(path: Path) -> Holder | None:
    """The note in the lock file; None when there is none (free, or its writer just started)."""
    try:
        return Holder(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


@contextmanager
def writing(settings: IndexSettings, doing: str) -> Iterator[None]:
    """Hold the index's write lock for the block: wait while another process (or thread) holds
    it, for up to `settings.index_lock_timeout` seconds, then raise IndexBusy."""
    path = lock_file(settings)
    if path is None:
        yield
        return
    key = str(path.absolute())
    depths: dict[str, int] = _held.__dict__.setdefault("depths", {})
    if depths.get(key):
        depths[key] += 1
        try:
            yield
        finally:
            depths[key] -= 1
        return
    fd = _acquire(path, settings.index_lock_timeout, doing)
    depths[key] = 1
    try:
        yield
    finally:
        del depths[key]
        _release(fd)


def _acquire(path: Path, timeout: float, doing: str) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot open the index's write lock {path}: {exc.strerror or exc}") from exc
    try:
        _wait_for(fd, path, timeout)
        note = Holder(os.getpid(), socket.gethostname(), _command(), doing, time.time())
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(asdict(note)).encode(), 0)
    except BaseException:
        os.close(fd)  # closing drops the lock, if it was taken
        raise
    return fd


def _wait_for(fd: int, path: Path, timeout: float) -> None:
    started = time.monotonic()
    deadline = started + timeout
    waiting = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreError(f"cannot lock the index for writing ({path}: "
                                 f"{exc.strerror or exc}); with a file system without locks, "
                                 f"use a Chroma server (RAG_CHROMA_URL)") from exc
        else:
            if waiting:
                log.info("waited %.1f s for the index at %s; writing", time.monotonic() - started,
                         path.parent)
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise _busy(path, _holder_once_written(path), timeout)
        if not waiting:
            waiting = True
            log.warning("the index at %s is being written by %s; waiting up to %g s for it "
                        "(RAG_INDEX_LOCK_TIMEOUT)", path.parent, _who(_holder_once_written(path)),
                        timeout)
        time.sleep(min(POLL_SECONDS, left))


NOTE_WRITTEN_WITHIN = 0.5
"""Seconds a writer that has just taken the lock may take to write its note."""


def _holder_once_written(path: Path) -> Holder | None:
    """The note of a lock found taken: a writer that has just taken it writes its note a moment
    later, so an empty note is read again for a little while before the holder goes unnamed."""
    deadline = time.monotonic() + NOTE_WRITTEN_WITHIN
    while (holder := read_holder(path)) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return holder


def _release(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)  # no stale note; the lock itself goes with the descriptor
    finally:
        os.close(fd)


def _busy(path: Path, holder: Holder | None, timeout: float) -> IndexBusy:
    waited = f"gave up after {timeout:g} s" if timeout else "not waiting"
    message = (f"the index at {path.parent} is being written by {_who(holder)}; {waited} "
               f"(RAG_INDEX_LOCK_TIMEOUT={timeout:g}): try again when it is done")
    by = f" ({holder.describe(with_process=False)})" if holder else ""
    return IndexBusy(message, f"the document index is being written by another process{by}; "
                              f"try again later")


def _who(holder: Holder | None) -> str:
    return holder.describe() if holder else "another process"


def _command() -> str:
    """`rag index` for the CLI's `rag [options] index …`: the program, and its first argument that
    is a plain word (a subcommand), if any."""
    argv = [a for a in sys.argv if a] or ["python"]
    word = next((a for a in argv[1:] if a.isalnum()), None)
    return " ".join([Path(argv[0]).name, *([word] if word else [])])
