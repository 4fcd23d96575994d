"""The bundled e5 on torch in bfloat16, for indexing on CPUs that multiply bfloat16 in hardware.

Indexing is almost all embedding (README: "Indexing speed"). On a CPU with AMX, torch's bfloat16
products ran e5 about twice as fast as ONNX Runtime in fp32, and the vectors agreed with fp32's to
a cosine of 0.99998 (the least 0.99997) on KiCad passages: a hundred times closer than the int8
export's 0.998. Close enough to be stored under fp32's name, beside fp32 vectors in one index and
one vector cache, and searched with fp32 query vectors; they do reorder near ties (README:
"Indexing in bfloat16" measures what that changed). Only indexing uses it: torch costs a
second and 200 MB to import, which a question (a handful of short texts, milliseconds on ONNX
Runtime) should not pay. Without such hardware torch emulates bfloat16, slower than fp32, so
`native_bf16` decides.

The transformer is written out here (rag.models.bert_bf16) rather than loaded through transformers:
that import alone cost 150 MB and 1.4 s, and indexing must stay under 1.5 GB at its peak.
"""

from __future__ import annotations

import ctypes
import json
import os
import struct
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rag.models.encoder_batches import BatchedEncoder

KERNELS = 16
"""oneDNN kernels kept (1,024 by default, each batch width compiling new ones): a batch runs a
handful of product shapes, twelve layers each. oneDNN reads it when it makes its first kernel, so it
holds in processes where nothing used torch before (any index run of ours), unless set already."""

_READ = 1 << 24
"""Bytes of float32 weights read at a time: the word table (384 MB in float32) never lies in
memory whole beside its bfloat16 copy."""


@lru_cache(maxsize=1)
def native_bf16(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether this CPU has AMX's bfloat16 tiles: the hardware the speed was measured on (other
    bfloat16 instructions exist, untried here)."""
    try:
        text = Path(cpuinfo).read_text(errors="replace")
    except OSError:
        return False
    return any(line.startswith("flags") and "amx_bf16" in line.split()
               for line in text.splitlines())


def read_weights(path: Path) -> dict[str, Any]:
    """A safetensors file's float32 tensors as bfloat16 ones, read piecewise with ordinary reads:
    the library maps the whole file, and its pages would count in the process's peak memory."""
    import torch

    tensors: dict[str, Any] = {}
    with open(path, "rb") as file:
        (size,) = struct.unpack("<Q", file.read(8))
        header = json.loads(file.read(size))
        for name, entry in header.items():
            if name == "__metadata__":
                continue
            if entry["dtype"] != "F32":
                raise ValueError(f"{path.name}: {name} is {entry['dtype']}, not F32")
            begin, end = entry["data_offsets"]
            out = torch.empty(entry["shape"], dtype=torch.bfloat16)
            flat = out.view(-1)
            if (end - begin) != 4 * flat.numel():
                raise ValueError(f"{path.name}: {name} holds {end - begin} bytes, not "
                                 f"{4 * flat.numel()}")
            file.seek(8 + size + begin)
            done = 0
            while done < flat.numel():
                piece = np.frombuffer(file.read(min(_READ, end - begin - done * 4)), dtype="<f4")
                if not piece.size:
                    raise ValueError(f"{path.name} ends inside {name}")
                flat[done:done + piece.size] = torch.from_numpy(piece.copy())
                done += piece.size
            tensors[name] = out
    return tensors


@lru_cache(maxsize=1)
def _libc() -> Any:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to trim
        return None


def release_memory() -> None:
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


class Bf16Embedder(BatchedEncoder):
    """e5's transformer in bfloat16 on torch. Memory is given back after every batch: glibc kept
    the freed activations of each batch shape, and a whole manual grew the process by a gigabyte."""

    token_budget = 2048

    def __init__(self, folder: Path, name: str, query_prefix: str, passage_prefix: str,
                 batch_size: int = 64) -> None:
        os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", str(KERNELS))
        from rag.models.bert_bf16 import Bert

        super().__init__(folder / "tokenizer.json", name, query_prefix, passage_prefix,
                         batch_size)
        config = json.loads((folder / "config.json").read_text())
        self.model = Bert(config, read_weights(folder / "model.safetensors"))

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        out = self.model.hidden(ids, mask)
        release_memory()
        return out
