"""Changing what the answers draw on: `POST /documents` adds files (indexed in the background),
`GET /documents/jobs/{job}` follows that indexing, `DELETE /documents/{path}` removes a document.

Uploads are saved in the corpus folder itself (`uploads/`), not only in the index: the folder stays
the one source of truth, so `rag index`, a restart or a rebuild of the index keeps them. For the
same reason a deletion removes the file as well as its index entries.
"""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, HTTPException, Request, status

from api.deps import AssistantDep, Authenticated, JobsDep, SettingsDep
from api.indexing_jobs import IndexingJobs, Job
from api.responses import ERRORS
from api.schemas import Deleted, ErrorBody, IndexJob, SkippedFile, UploadAccepted
from api.upload_form import FIELD, MAX_FILES, Saved, UploadReader
from api.upload_names import uploads_folder
from rag import Assistant

router = APIRouter(tags=["documents"], dependencies=[Authenticated])

MULTIPART_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": [FIELD],
        "properties": {FIELD: {"type": "array", "maxItems": MAX_FILES,
                               "items": {"type": "string", "format": "binary"}}}}}}}}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed multipart body."},
    401: ERRORS[401],
    413: {"model": ErrorBody, "description": "A file over max_upload_bytes, or more than "
                                              f"{MAX_FILES} files; nothing of the request is saved."},
    415: {"model": ErrorBody, "description": "A file type no reader takes (the accepted "
                                              "extensions are listed); nothing is saved."},
    422: {"model": ErrorBody, "description": "No `files` part, or a file name that cannot be "
                                              "used (empty, hidden); nothing is saved."},
}


@router.post("/documents", status_code=status.HTTP_202_ACCEPTED, response_model=UploadAccepted,
             openapi_extra=MULTIPART_BODY, responses=UPLOAD_ERRORS)
async def upload(request: Request, assistant: AssistantDep, settings: SettingsDep,
                 jobs: JobsDep) -> UploadAccepted:
    """Save each `files` part as `uploads/<name>` in the corpus (replacing a file of that name:
    a new version of the document) and index them in the background; poll the returned job."""
    folder = await anyio.to_thread.run_sync(uploads_folder, assistant.settings.index.corpus_path)
    reader = UploadReader(folder, settings.api.max_upload_bytes)
    await reader.read(request)

    def commit() -> list[Saved]:
        with jobs.files_lock:
            return reader.commit()

    saved = await anyio.to_thread.run_sync(commit)
    job = jobs.submit(saved)
    return UploadAccepted(job=job.id, files=[s.id for s in saved])


@router.get("/documents/jobs/{job}", response_model=IndexJob,
            responses={401: ERRORS[401], 404: {"model": ErrorBody, "description": "No such job "
                                                "(or one of the oldest, forgotten)."}})
async def job_status(job: str, jobs: JobsDep) -> IndexJob:
    """Where the indexing started by an upload stands: queued, running, done or failed."""
    found = jobs.get(job)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND,
                            detail=f"no indexing job {job!r} (only the last ones are kept)")
    return _job_body(found)


@router.delete("/documents/{path:path}", response_model=Deleted,
               responses={401: ERRORS[401], 404: ERRORS[404], 503: ERRORS[503]})
async def delete_document(path: str, assistant: AssistantDep, jobs: JobsDep) -> Deleted:
    """Remove an indexed document: its file from the corpus folder and its passages from the
    index, so no answer can cite it. Waits for an indexing job in progress, and for another
    process writing the index up to RAG_INDEX_LOCK_TIMEOUT (then 503 with Retry-After)."""
    await anyio.to_thread.run_sync(_delete, assistant, jobs, path)
    return Deleted(deleted=path)


def _delete(assistant: Assistant, jobs: IndexingJobs, path: str) -> None:
    with jobs.lock:
        assistant.delete_document(path)


def _job_body(job: Job) -> IndexJob:
    return IndexJob(job=job.id, state=job.state, files_total=job.files_total,
                    files_done=job.files_done, chunks=job.chunks, added=job.added,
                    updated=job.updated, detail=job.detail,
                    skipped=[SkippedFile(file=f, reason=r) for f, r in job.skipped])
