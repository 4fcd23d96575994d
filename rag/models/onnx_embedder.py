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
would halve indexing work, but such a vector is nearly its passage's (cosine 0.98-0.99) and the
seed set ranked worse with them (README, sixteenth session, "Tried and not kept"), so each
sentence is still embedded alone.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import EmbedderError
from rag.models.encoder_batches import BatchedEncoder
from rag.models.onnx_compact import compact_word_table
from rag.models.onnx_quantize import quantize

log = logging.getLogger(__name__)

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


class OnnxEmbedder(BatchedEncoder):
    """The exported e5 on ONNX Runtime; batches of at most TOKEN_BUDGET padded tokens keep peak
    memory near 1 GB whatever the passages' lengths."""

    token_budget = TOKEN_BUDGET

    def __init__(self, model_path: Path, tokenizer_path: Path, name: str, query_prefix: str,
                 passage_prefix: str, batch_size: int = 16, threads: int = 0) -> None:
        import onnxruntime as ort

        super().__init__(tokenizer_path, name, query_prefix, passage_prefix, batch_size)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        # The default arena keeps the largest activations of every batch shape it saw (1.4 GB
        # after a long manual); without it memory returns to the system after each batch.
        options.enable_cpu_mem_arena = False
        # Spinning workers would starve the llama model sharing the cores (see rag/__init__).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(model_path), options,
                                            providers=["CPUExecutionProvider"])

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
