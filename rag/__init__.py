"""A multilingual retrieval-augmented question-answering assistant with verified citations.

The public surface: what the front ends (the CLI, the HTTP API, the Slack bot) and other programs
use. Everything else is the library's inside and may change.

    from rag import Assistant, Settings
    answer = Assistant(Settings()).ask("Which model is Meta's Avocado built on?")

Names are imported on first use, so `import rag` stays cheap for a CLI that only parses flags.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

# torch and llama.cpp each keep OpenMP worker threads that spin after every parallel region. In one
# process on a few cores (the embedder, then the answer judge and the LLM), the spinning threads of
# one starve the other: generation slowed several-fold on 2 cores. Sleeping workers cost little
# here. Only a default: an explicit OMP_WAIT_POLICY wins, and it must be set before torch or
# llama_cpp is imported, which is why it lives here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"

_EXPORTS = {
    "Assistant": "rag.assistant",
    "Settings": "rag.settings",
    "Result": "rag.answer.pipeline",
    "validate_conversation": "rag.answer.pipeline",
    "GENERATOR_NAMES": "rag.answer.generation.registry",
    "IndexReport": "rag.ingest.indexing",
    "IndexProgress": "rag.ingest.indexing",
    "SUPPORTED_SUFFIXES": "rag.ingest.readers",
    "FileRecord": "rag.search.store",
    "collection_of": "rag.search.store",
    "DEFAULT_COLLECTION": "rag.search.store",
    "detect_language": "rag.text.language",
    "language_variant": "rag.text.phrases",
    **{name: "rag.schema" for name in ("Answer", "Citation", "DocumentText", "Message", "Passage")},
    **{name: "rag.errors" for name in (
        "RagError", "UserError", "ConfigError", "CorpusError", "InvalidConversation",
        "UnknownGenerator", "UnreadableDocument", "DocumentNotFound", "GoldError", "BackendError",
        "StoreError", "IndexBusy", "EmbedderError", "E5ConvertError", "GeneratorError",
        "GgufError", "ServerError")},
}
_RENAMED = {"validate_conversation": "validate", "GENERATOR_NAMES": "NAMES",
            "language_variant": "variant"}

__all__ = [
    "DEFAULT_COLLECTION",
    "GENERATOR_NAMES",
    "SUPPORTED_SUFFIXES",
    "Answer",
    "Assistant",
    "BackendError",
    "Citation",
    "ConfigError",
    "CorpusError",
    "DocumentNotFound",
    "DocumentText",
    "E5ConvertError",
    "EmbedderError",
    "FileRecord",
    "GeneratorError",
    "GgufError",
    "GoldError",
    "IndexBusy",
    "IndexProgress",
    "IndexReport",
    "InvalidConversation",
    "Message",
    "Passage",
    "RagError",
    "Result",
    "ServerError",
    "Settings",
    "StoreError",
    "UnknownGenerator",
    "UnreadableDocument",
    "UserError",
    "collection_of",
    "detect_language",
    "language_variant",
    "validate_conversation",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rag' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), _RENAMED.get(name, name))
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from rag.answer.generation.registry import NAMES as GENERATOR_NAMES
    from rag.answer.pipeline import Result
    from rag.answer.pipeline import validate as validate_conversation
    from rag.assistant import Assistant
    from rag.errors import (
        BackendError,
        ConfigError,
        CorpusError,
        DocumentNotFound,
        E5ConvertError,
        EmbedderError,
        GeneratorError,
        GgufError,
        GoldError,
        IndexBusy,
        InvalidConversation,
        RagError,
        StoreError,
        UnknownGenerator,
        UnreadableDocument,
        UserError,
    )
    from rag.ingest.indexing import IndexProgress, IndexReport
    from rag.ingest.readers import SUPPORTED_SUFFIXES
    from rag.schema import Answer, Citation, DocumentText, Message, Passage
    from rag.search.store import FileRecord
    from rag.settings import Settings
    from rag.text.language import detect_language
    from rag.text.phrases import variant as language_variant
