"""Several continuations of one evaluated prefix, read in one pass.

On two cores llama.cpp reads a prompt of 25 tokens at about 20 tokens a second and one of 200 at
about 35 (README, "speed"): its matrix kernels need many rows to fill their tiles. The answer judge
reads up to eight candidate sentences after the same question, each a few dozen tokens; read one
after the other, each pays the small batch's rate. Here each continuation is its own sequence of
the model's KV cache, sharing the prefix's cells (llama.cpp copies a sequence by reference), and
they go through one decode together, their logits read at each one's last token. Afterwards the
cache holds the prefix alone, as if nothing had followed it.

The numbers are not bit for bit those of a continuation read alone (the kernels add in another
order for another batch size): a P(yes) moves by a few hundredths at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rag.errors import GeneratorError


def sequences(llama: Any) -> int:
    """How many sequences the model's context holds: how many continuations can share a pass."""
    import llama_cpp

    return int(llama_cpp.llama_n_seq_max(llama.ctx))


def pass_size(llama: Any, width: int | None = None) -> int:
    """How many continuations go through one pass: `width` (None: no limit), at most as many
    as the context holds sequences."""
    most = sequences(llama)
    return most if width is None else max(1, min(width, most))


def evaluate_branches(llama: Any, shared: int, branches: Sequence[Sequence[int]],
                      width: int | None = None) -> list[np.ndarray]:
    """The last-token logits of each of `branches` (token lists, none empty), each read as the
    continuation of the first `shared` tokens of the cache, at most `width` (default: as many as
    the context holds) in one pass. The caller holds the model's lock; the cache holds those
    `shared` tokens alone when this returns, or raises GeneratorError."""
    out: list[np.ndarray] = []
    for group in _groups(branches, pass_size(llama, width), llama.n_batch):
        out.extend(_decode(llama, shared, group))
    return out


def _groups(branches: Sequence[Sequence[int]], width: int,
            size: int) -> list[list[Sequence[int]]]:
    """Consecutive branches packed while they fit one decode: at most `width` sequences and
    `size` tokens (a longer branch goes alone and is read in several decodes)."""
    groups: list[list[Sequence[int]]] = []
    for branch in branches:
        last = groups[-1] if groups else None
        if last is not None and len(last) < width \
                and sum(map(len, last)) + len(branch) <= size:
            last.append(branch)
        else:
            groups.append([branch])
    return groups


def _decode(llama: Any, shared: int, group: list[Sequence[int]]) -> list[np.ndarray]:
    import llama_cpp

    memory = llama_cpp.llama_get_memory(llama.ctx)
    llama_cpp.llama_memory_seq_rm(memory, -1, shared, -1)
    if len(group) == 1 and len(group[0]) > llama.n_batch:
        llama.n_tokens = shared
        llama.eval(list(group[0]))  # in several decodes, on sequence 0
        logits = logits_at(llama, -1)
        _forget(llama, memory, shared, 1)
        return [logits]
    batch = llama_cpp.llama_batch_init(sum(map(len, group)), 0, 1)
    try:
        for seq in range(1, len(group)):
            llama_cpp.llama_memory_seq_cp(memory, 0, seq, 0, shared)
        ends, i = [], 0
        for seq, branch in enumerate(group):
            for j, token in enumerate(branch):
                batch.token[i] = token
                batch.pos[i] = shared + j
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = seq
                batch.logits[i] = j == len(branch) - 1
                i += 1
            ends.append(i - 1)
        batch.n_tokens = i
        status = llama_cpp.llama_decode(llama.ctx, batch)
        if status != 0:
            raise GeneratorError(f"llama_decode failed ({status}) on {len(group)} continuations")
        return [logits_at(llama, end) for end in ends]
    finally:
        llama_cpp.llama_batch_free(batch)
        _forget(llama, memory, shared, len(group))


def logits_at(llama: Any, index: int) -> np.ndarray:
    """The logits the last decode left at batch position `index` (-1: its last token)."""
    import llama_cpp

    pointer = llama_cpp.llama_get_logits_ith(llama.ctx, index)
    return np.ctypeslib.as_array(pointer, shape=(llama.n_vocab(),)).astype(np.float64)


def _forget(llama: Any, memory: Any, shared: int, count: int) -> None:
    """Leave the cache as it was: the prefix alone, on sequence 0."""
    import llama_cpp

    for seq in range(1, count):
        llama_cpp.llama_memory_seq_rm(memory, seq, -1, -1)
    llama_cpp.llama_memory_seq_rm(memory, 0, shared, -1)
    llama.n_tokens = shared
