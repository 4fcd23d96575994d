"""Background indexing after an upload, one job at a time, with progress a client can poll.

An upload answers 202 at once: reading and embedding a long PDF takes minutes on a few cores, far
longer than a browser should hold a request open. Jobs run in one worker thread, in the order
they came (a second upload queues behind the first), through `Assistant.index`, which is
incremental (only new or changed files are read) and refreshes the retriever when done. `lock`
is held for every change to the index, so a deletion never interleaves with a job either. Other
processes writing the same embedded index (a `rag index` in a shell) are ordered by the index's own
write lock (rag.ingest.writer_lock): a job waits for them up to RAG_INDEX_LOCK_TIMEOUT, then fails
with the IndexBusy message naming the writer; the uploaded files stay, for the next run.

Jobs live in memory (the last `KEPT_JOBS`): they report on work this process does, and a restart
loses nothing but the reports; the uploaded files are in the corpus folder and the next run
indexes whatever a lost job had not.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import threading
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from api.errors import unavailable_detail
from api.upload_form import Saved
from rag import Assistant, IndexProgress, IndexReport, RagError

log = logging.getLogger(__name__)

KEPT_JOBS = 100
JobState = Literal["queued", "running", "done", "failed"]


@dataclass
class Job:
    id: str
    uploaded: dict[str, str]
    """Document id → SHA-256 of the file this job's upload saved."""
    owner: str = ""
    """The id of the key that uploaded: a job is shown to it (and to keys reading everything)."""
    state: JobState = "queued"
    files_total: int = 0
    """Files the run reads (new or changed), known once it has listed the corpus."""
    files_done: int = 0
    chunks: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    detail: str | None = None


class IndexingJobs:
    """The jobs of one app, and the lock that serialises every change to its assistant's index."""

    def __init__(self, assistant: Assistant, keep: int = KEPT_JOBS) -> None:
        self.assistant = assistant
        self.lock = threading.Lock()
        """Held while the index changes: by a running job, and by a deletion."""
        self.files_lock = threading.Lock()
        """Held while uploads are moved into the corpus folder, and while a job removes an
        unreadable upload, so that it never removes a newer upload of the same name."""
        self._keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._guard = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="indexing")

    def submit(self, saved: list[Saved], owner: str = "") -> Job:
        """Queue a run that indexes these newly saved files (and anything else changed)."""
        job = Job(uuid.uuid4().hex, {s.id: s.sha256 for s in saved}, owner)
        with self._guard:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)
        self._worker.submit(self._run, job)
        return copy.deepcopy(job)

    def get(self, job_id: str) -> Job | None:
        """A consistent snapshot of the job, or None when it is unknown (or long forgotten)."""
        with self._guard:
            job = self._jobs.get(job_id)
            return copy.deepcopy(job) if job is not None else None

    def close(self) -> None:
        """Drop the jobs not yet started and wait for the one running (its writes are commits,
        and a process that exits under it would cut one short)."""
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: Job) -> None:
        with self.lock:
            self._update(job, state="running")
            try:
                report = self.assistant.index(progress=lambda p: self._progress(job, p))
                self._discard_unreadable(job, report)
            except RagError as exc:
                log.warning("indexing job %s failed: %s", job.id, exc)
                self._update(job, state="failed", detail=unavailable_detail(exc) or str(exc))
            except Exception:
                log.exception("indexing job %s failed", job.id)
                self._update(job, state="failed", detail="internal error (see the server log)")
            else:
                log.info("indexing job %s done: %d added, %d updated, %d skipped, %d chunks",
                         job.id, len(report.added), len(report.updated), len(report.skipped),
                         report.chunks)
                self._update(job, state="done", files_done=job.files_total, chunks=report.chunks,
                             added=list(report.added), updated=list(report.updated),
                             skipped=list(report.skipped))

    def _progress(self, job: Job, progress: IndexProgress) -> None:
        self._update(job, files_total=progress.files_total, files_done=progress.files_done,
                     chunks=progress.chunks)

    def _update(self, job: Job, **changes: object) -> None:
        with self._guard:
            for name, value in changes.items():
                setattr(job, name, value)

    def _discard_unreadable(self, job: Job, report: IndexReport) -> None:
        """Remove an upload of this job that could not be read and has no indexed version: every
        later run would skip it again, and DELETE cannot reach what is not indexed. A new version
        of an indexed document stays (the index keeps serving the previous one until then)."""
        indexed = {record.path for record in self.assistant.documents()}
        root = self.assistant.settings.index.corpus_path
        with self.files_lock:
            for path, reason in report.skipped:
                sha = job.uploaded.get(path)
                if sha is None or path in indexed:
                    continue
                file = root / path
                try:
                    if hashlib.sha256(file.read_bytes()).hexdigest() == sha:
                        file.unlink()
                        log.info("removed the unreadable upload %s: %s", path, reason)
                except OSError as exc:
                    log.warning("could not remove the unreadable upload %s: %s", path, exc)
