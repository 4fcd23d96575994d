"""Adapters that let a stock llama-index pipeline run on this project's own models.

The llama-index baseline must differ from the assistant only in the pipeline (splitting, retrieval,
prompting, citing), not in the models, or the comparison would measure the models instead. So the
same multilingual e5 embedder (with its query/passage prefixes) is wrapped as a `BaseEmbedding`,
and the same local Qwen GGUF, already loaded by `rag.answer.generation.llama`, as a `CustomLLM`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from llama_index.core.base.llms.types import (
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.embeddings import BaseEmbedding
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_completion_callback
from pydantic import PrivateAttr

from rag.models.embedder import Embedder

TEMPLATE_MARGIN = 64
"""Tokens kept free for the chat template wrapped around llama-index's prompt (system turn, role
markers), which llama-index does not see when it packs sources into the context window."""


class AssistantEmbedding(BaseEmbedding):
    """The assistant's embedder as a llama-index embedding: queries and passages get their own
    e5 prefixes, exactly as when the assistant indexes and searches."""

    _embedder: Embedder = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, **kwargs)
        self._embedder = embedder

    @classmethod
    def class_name(cls) -> str:
        return "AssistantEmbedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_queries([query])[0].tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [v.tolist() for v in self._embedder.embed_passages(texts)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return await asyncio.to_thread(self._get_query_embedding, query)


class LlamaCppLLM(CustomLLM):
    """A loaded `llama_cpp.Llama` as a llama-index completion LLM (greedy, temperature 0).

    llama-index hands a completion prompt (its citation template filled in); it is sent as the
    single user turn of the model's own chat template, because an instruct model asked to continue
    raw text rambles instead of answering. It does not take the per-model lock `LlamaGenerator`
    holds while streaming: the harness runs one system at a time, so nothing else uses the model
    while the baseline does.
    """

    context_window: int = 4096
    num_output: int = 256
    model_name: str = "qwen2.5-coder-1.5b-instruct"
    _model: Any = PrivateAttr()

    def __init__(self, model: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._model = model

    @classmethod
    def class_name(cls) -> str:
        return "LlamaCppLLM"

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=self.context_window - TEMPLATE_MARGIN,
                           num_output=self.num_output, model_name=self.model_name,
                           is_chat_model=False)

    def tokenize(self, text: str) -> Sequence[int]:
        """The model's own token count, so llama-index packs sources to what really fits."""
        return self._model.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def _messages(self, prompt: str) -> list[dict[str, str]]:
        return [{"role": "user", "content": prompt}]

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        out = self._model.create_chat_completion(messages=self._messages(prompt), temperature=0.0,
                                                 max_tokens=self.num_output)
        return CompletionResponse(text=out["choices"][0]["message"].get("content") or "")

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False,
                        **kwargs: Any) -> CompletionResponseGen:
        chunks = self._model.create_chat_completion(messages=self._messages(prompt), stream=True,
                                                    temperature=0.0, max_tokens=self.num_output)

        def gen() -> CompletionResponseGen:
            text = ""
            for chunk in chunks:
                delta = ((chunk.get("choices") or [{}])[0].get("delta") or {}).get("content") or ""
                text += delta
                yield CompletionResponse(text=text, delta=delta)

        return gen()
