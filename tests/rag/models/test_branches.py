"""Continuations of one prefix read in one pass, on the real bundled model (slow)."""

from __future__ import annotations

import numpy as np
import pytest

from rag.models.branches import _groups, evaluate_branches, sequences
from tests.conftest import needs_model

PREFIX = ("<|im_start|>user\nQuestion: Which key starts routing a track?\n"
          "Does the passage below state the answer? Reply yes or no.\n\nPassage:\n")
SENTENCES = (
    "Click Route Tracks in the right-hand toolbar or press X.",
    "KiCad runs on many operating systems, including Microsoft Windows and Apple macOS.",
    "Press B to refill the zones.",
    "Routing is done with the interactive router, which can shove other tracks out of the way.",
)
TAIL = "<|im_end|>\n<|im_start|>assistant\n"


def test_groups_fit_the_sequences_and_the_batch() -> None:
    branches = [[1] * 3, [2] * 3, [3] * 3, [4] * 9, [5] * 2]
    assert _groups(branches, width=2, size=100) == [branches[0:2], branches[2:4], branches[4:5]]
    assert _groups(branches, width=8, size=8) == [branches[0:2], [branches[2]], [branches[3]],
                                                  [branches[4]]]


@pytest.mark.slow
@needs_model
def test_branches_read_as_each_alone_and_leave_the_prefix(base_settings) -> None:
    from rag.models.llama import shared_model

    settings = base_settings.replace(llama_sequences=4)
    shared = shared_model(settings.models)
    llama = shared.llama
    with shared.lock:
        assert sequences(llama) == 4
        prefix = list(llama.tokenize(PREFIX.encode(), add_bos=True, special=True))
        branches = [list(llama.tokenize((s + TAIL).encode(), add_bos=False, special=True))
                    for s in SENTENCES]

        def alone(branch: list[int]) -> np.ndarray:
            llama.reset()
            llama.eval(prefix)
            return evaluate_branches(llama, len(prefix), [branch])[0]

        single = [alone(b) for b in branches]
        together = evaluate_branches(llama, len(prefix), branches)
        assert llama.n_tokens == len(prefix)
        yes, no = llama.tokenize(b"yes", add_bos=False)[0], llama.tokenize(b"no", add_bos=False)[0]

        def p_yes(logits: np.ndarray) -> float:
            return float(1 / (1 + np.exp(logits[no] - logits[yes])))

        # Each continuation attends to the prefix, not to the others (the answer among them would
        # lift the rest): only the kernels' order of addition differs.
        for a, b in zip(single, together, strict=True):
            assert abs(p_yes(a) - p_yes(b)) < 0.05
        # One a pass is exactly reading each alone.
        one_by_one = evaluate_branches(llama, len(prefix), branches, width=1)
        assert all(np.array_equal(a, b) for a, b in zip(one_by_one, single, strict=True))
        # The cache holds the prefix alone afterwards: a continuation reads as it did before.
        after = evaluate_branches(llama, len(prefix), [branches[0]])[0]
        assert np.array_equal(after, single[0])
        assert p_yes(single[0]) > max(p_yes(x) for x in single[1:3])
