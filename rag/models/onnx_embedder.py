"""The bundled e5 embedder on ONNX Runtime: fp32 by default, int8 weights on request.

On two CPU cores fp32 torch spends ~0.7 s a batch of 16 passages, compute-bound; ONNX Runtime gives
the same vectors faster, and with int8 weights (per channel) in less than half the time again,
the few products int8 would spoil kept in float32 (rag.models.onnx_quantize); fp32 stays the
default because the default generator's answers were not as good with int8 vectors (README:
"Indexing speed"). It needs neither torch nor sentence-transformers at run time, so `rag index`
and `rag serve` load hundreds of megabytes less. The ONNX file is exported from the converted
sentence-transformers folder (rag.models.e5_convert) once per machine, into the data dir,
atomically, like the folder itself, with its word table kept as the 4-bit blocks it came as
(rag.models.onnx_compact: 194 MB instead of 470 MB, the same vectors).

Sentence vectors mean-pooled over a sentence's tokens in its passage's own pass ("late chunking")
would halve indexing work, but ranked worse than sentences embedded on their own in an earlier
session's probe (not kept, and its figures not recorded), so each sentence is still embedded alone.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import EmbedderError
from rag.models.onnx_compact import compact_word_table
from rag.models.onnx_quantize import quantize

log = logging.getLogger(__name__)

MAX_TOKENS = 512
TOKEN_BUDGET = 1024
"""Padded tokens a batch may hold: peak memory stays near 1 GB whatever the passages' lengths."""


EXPORTS = {"fp32": "q4words", "int8": "q4words.mixed"}
"""Names how each file was made (rag.models.onnx_compact, rag.models.onnx_quantize): a file made
otherwise is made again, and removed."""


def ensure_onnx_model(folder: Path, quantized: bool = True, passage_prefix: str = "passage: ") -> Path:
    """The ONNX file beside the sentence-transformers `folder`, exported (and quantised) once;
    `passage_prefix` leads the sentences the quantisation is checked on."""
    kind = "int8" if quantized else "fp32"
    target = folder.parent / f"{folder.name}.{kind}.{EXPORTS[kind]}.onnx"
    if target.is_file():
        return target
    with open(folder.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return target
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=folder.parent))
        try:
            plain = tmp / "model.onnx"
            _export(folder, plain)
            try:
                compact_word_table(plain)
            except Exception as exc:  # only a saving: the plain export embeds the same
                log.warning("kept the embedder's word table in float32 (%s)", exc)
            if quantized:
                kept = quantize(plain, tmp / "model.int8.onnx", folder / "tokenizer.json",
                                passage_prefix)
                log.info("int8 embedder: kept in float32: %s", ", ".join(kept) or "none")
                plain = tmp / "model.int8.onnx"
            os.chmod(plain, 0o644)
            os.replace(plain, target)
            for old in folder.parent.glob(f"{folder.name}.{kind}.*onnx"):  # earlier exports
                if old != target:
                    old.unlink(missing_ok=True)
                    (folder.parent / f".{old.name}.lock").unlink(missing_ok=True)
        except Exception as exc:
            raise EmbedderError(f"cannot export the embedder to ONNX: {exc}") from exc
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    log.info("exported %s", target)
    return target


def _export(folder: Path, out: Path) -> None:
    """The transformer of the sentence-transformers folder, to its last hidden state."""
    import torch
    from transformers import AutoModel

    # The plain attention graph: the exported SDPA path materialised large masks (+0.5 GB a batch).
    base = AutoModel.from_pretrained(folder, attn_implementation="eager").eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.base(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones(2, 16, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(Encoder(), (ids, torch.ones_like(ids)), str(out),
                          input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
                          opset_version=17, dynamo=False)


class OnnxEmbedder:
    """Unit-length float32 vectors from an exported e5, mean-pooled as the folder says."""

    def __init__(self, model_path: Path, tokenizer_path: Path, name: str, query_prefix: str,
                 passage_prefix: str, batch_size: int = 16, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        # The default arena keeps the largest activations of every batch shape it saw (1.4 GB
        # after a long manual); without it memory returns to the system after each batch.
        options.enable_cpu_mem_arena = False
        # Spinning workers would starve the llama model sharing the cores (see rag/__init__).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(model_path), options,
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.name = name
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def _batches(self, order: list[int], lengths: list[int]) -> list[list[int]]:
        """Batches of at most `batch_size` texts and TOKEN_BUDGET padded tokens: attention memory
        grows with the square of the width, so long passages go a few at a time."""
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:  # shortest first, so a batch's width is its last text's length
            if current and (len(current) >= self.batch_size
                            or (len(current) + 1) * lengths[i] > TOKEN_BUDGET):
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
                hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            if not vectors.shape[1]:
                vectors = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            vectors[batch] = pooled
        return vectors
