"""The `rag` command line, a front end like the HTTP API: it parses flags into Settings, calls the
Assistant through the public surface (`rag`) and prints. It is the one module of the package that
may import `api` (for `rag serve` and `rag slack`); nothing in the library does.

Every error the library raises on purpose (`rag.RagError`: a missing corpus, an unreachable Chroma,
a model that cannot load …) ends with a one-line message on stderr and a non-zero exit, never a
traceback.
"""

from rag.cli import answers, documents, servers  # noqa: F401  (each registers its commands)
from rag.cli.app import app, main

__all__ = ["app", "main"]
