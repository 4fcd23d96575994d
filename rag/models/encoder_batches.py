"""What every runtime of the bundled e5 shares: tokenising, batching by padded tokens, pooling.

The runtimes (ONNX Runtime in fp32 or int8, torch in bfloat16) differ only in how a batch of token
ids becomes hidden states; the rest lives here once, so that their vectors differ by the arithmetic
alone and can be compared (and, where they agree closely enough, mixed: rag.models.bf16_embedder).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

MAX_TOKENS = 512


class BatchedEncoder:
    """Unit-length float32 vectors, mean-pooled over each text's tokens. Subclasses give `_hidden`
    and a `token_budget`: the padded tokens one batch may hold (attention memory grows with the
    square of the width, so long passages go a few at a time)."""

    token_budget = 1024

    def __init__(self, tokenizer_path: Path, name: str, query_prefix: str, passage_prefix: str,
                 batch_size: int = 16) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.name = name
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last hidden states (batch × tokens × dimensions) of padded ids."""
        raise NotImplementedError

    def _batches(self, order: list[int], lengths: list[int]) -> list[list[int]]:
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:  # shortest first, so a batch's width is its last text's length
            if current and (len(current) >= self.batch_size
                            or (len(current) + 1) * lengths[i] > self.token_budget):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed([self.query_prefix + t for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed([self.passage_prefix + t for t in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        # Similar lengths batched together: padding is wasted work.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        vectors = np.zeros((len(texts), 0), dtype=np.float32)
        for batch in self._batches(order, [len(e.ids) for e in encodings]):
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            with self._lock:
                hidden = self._hidden(ids, mask)
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            if not vectors.shape[1]:
                vectors = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            vectors[batch] = pooled
        return vectors
