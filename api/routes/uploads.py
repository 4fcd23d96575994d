"""Changing what the answers draw on: `POST /documents` adds files (indexed in the background),
`GET /documents/jobs/{job}` follows that indexing, `DELETE /documents/{path}` removes a document.

Uploads are saved in the corpus folder itself (`<collection>/`), not only in the index: the folder
stays the one source of truth, so `rag index`, a restart or a rebuild of the index keeps them. For
the same reason a deletion removes the file as well as its index entries. Each needs its right on
the key (403 without it), and touches only the key's collections: an upload goes into one the key
may read, a deletion of a document in another is a 404, as for one that does not exist.
"""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, HTTPException, Query, Request, status

from api.auth import require_delete, require_upload, upload_collection
from api.deps import AssistantDep, Authenticated, CallerDep, JobsDep, SettingsDep
from api.indexing_jobs import IndexingJobs, Job
from api.keys import Caller
from api.responses import ERRORS, FORBIDDEN
from api.schemas import Deleted, ErrorBody, IndexJob, SkippedFile, UploadAccepted
from api.upload_form import COLLECTION_FIELD, FIELD, MAX_FILES, Saved, UploadReader
from api.upload_names import UPLOADS, collection_folder, refused, staging_folder
from rag import Assistant, collection_of

router = APIRouter(tags=["documents"], dependencies=[Authenticated])

MULTIPART_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": [FIELD],
        "properties": {FIELD: {"type": "array", "maxItems": MAX_FILES,
                               "items": {"type": "string", "format": "binary"}},
                       COLLECTION_FIELD: {"type": "string"}}}}}}}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed multipart body."},
    401: ERRORS[401], **FORBIDDEN,
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
                 jobs: JobsDep, caller: CallerDep,
                 collection: str | None = Query(None, description="The collection to add to (or "
                                                "the form field of that name).")) -> UploadAccepted:
    """Save each `files` part as `<collection>/<name>` in the corpus (replacing a file of that
    name: a new version of the document) and index them in the background; poll the returned
    job. The collection: the one named, else `uploads` for a key that reads every collection,
    else the key's first collection."""
    require_upload(caller)
    if collection is not None:  # named in the URL: refused before a byte of the body is read
        upload_collection(caller, collection, UPLOADS)
    corpus = assistant.settings.index.corpus_path
    reader = UploadReader(await anyio.to_thread.run_sync(staging_folder, corpus),
                          settings.api.max_upload_bytes)
    await reader.read(request)
    try:
        if collection is not None and reader.collection not in (None, collection):
            raise refused("the collection is named twice, differently (URL and form field)")
        target = upload_collection(caller, reader.collection or collection, UPLOADS)
    except HTTPException:
        reader.discard()
        raise

    def commit() -> list[Saved]:
        with jobs.files_lock:
            return reader.commit(collection_folder(corpus, target), target)

    saved = await anyio.to_thread.run_sync(commit)
    job = jobs.submit(saved, caller.id)
    return UploadAccepted(job=job.id, files=[s.id for s in saved])


@router.get("/documents/jobs/{job}", response_model=IndexJob,
            responses={401: ERRORS[401], 404: {"model": ErrorBody, "description": "No such job "
                                                "(or one of the oldest, forgotten, or another "
                                                "key's)."}})
async def job_status(job: str, jobs: JobsDep, caller: CallerDep) -> IndexJob:
    """Where the indexing started by an upload stands: queued, running, done or failed."""
    found = jobs.get(job)
    if found is None or (caller.collections is not None and found.owner != caller.id):
        raise HTTPException(status.HTTP_404_NOT_FOUND,
                            detail=f"no indexing job {job!r} (only the last ones are kept)")
    return _job_body(found, caller)


@router.delete("/documents/{path:path}", response_model=Deleted,
               responses={401: ERRORS[401], **FORBIDDEN, 404: ERRORS[404], 503: ERRORS[503]})
async def delete_document(path: str, assistant: AssistantDep, jobs: JobsDep,
                          caller: CallerDep) -> Deleted:
    """Remove an indexed document: its file from the corpus folder and its passages from the
    index, so no answer can cite it. Waits for an indexing job in progress, and for another
    process writing the index up to RAG_INDEX_LOCK_TIMEOUT (then 503 with Retry-After)."""
    require_delete(caller)
    await anyio.to_thread.run_sync(_delete, assistant, jobs, path, caller.collections)
    return Deleted(deleted=path)


def _delete(assistant: Assistant, jobs: IndexingJobs, path: str,
            collections: frozenset[str] | None) -> None:
    with jobs.lock:
        assistant.delete_document(path, collections=collections)


def _job_body(job: Job, caller: Caller) -> IndexJob:
    """The job as `caller` may see it: a run indexes every change in the corpus, so the files
    of collections the key may not read are left out of its lists."""
    def mine(path: str) -> bool:
        return caller.can_read(collection_of(path))

    return IndexJob(job=job.id, state=job.state, files_total=job.files_total,
                    files_done=job.files_done, chunks=job.chunks,
                    added=[f for f in job.added if mine(f)],
                    updated=[f for f in job.updated if mine(f)], detail=job.detail,
                    skipped=[SkippedFile(file=f, reason=r) for f, r in job.skipped if mine(f)])
