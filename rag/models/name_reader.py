"""Which name does this sentence give for what the question asks? Read by the local model.

The judge says yes to near misses for questions asking for a name ("Meta acquired Scale's founder
and CEO" for the founder's name). Asked to copy the name out of the sentence, the same small model
answers NONE to those, or copies a name the question already gives, while it copies the name where
the sentence gives one; rag.text.names decides whether the copy names something new.

The reply is read like the judge's verdict, deterministically: NONE when the model's first token
is NONE with at least rag.tuning.NAME_NONE probability; otherwise the most likely reply that does
not start with NONE (greedy).
"""

from __future__ import annotations

import numpy as np

from rag import prompts, tuning
from rag.models.llama import LocalModel


def head_and_rest(model: LocalModel, question: str, sentence: str) -> tuple[str, str]:
    """The prompt in the model's chat template, cut where the question starts: the head (the
    instructions and examples) is the same for every question and is kept evaluated."""
    turns = [(prompts.NAME_REQUEST.format(question=q, passage=p), reply)
             for q, p, reply in prompts.NAME_EXAMPLES]
    prompt = model.few_shot(prompts.NAME_SYSTEM, turns, prompts.QUESTION_SLOT)
    head, _, tail = prompt.partition(prompts.QUESTION_SLOT)
    return head, prompts.NAME_REQUEST.format(question=question.strip(), passage=sentence.strip()) + tail


def read_name(model: LocalModel, question: str, sentence: str) -> str | None:
    """The name the model copies from `sentence` as the answer to `question`, or None (NONE).
    The caller holds the model's lock."""
    head, rest = head_and_rest(model, question, sentence)
    model.evaluate(head, rest)
    none = model.first_tokens((prompts.NONE, " " + prompts.NONE))
    logits = model.last_logits()
    probabilities = np.exp(logits - logits.max())
    probabilities /= probabilities.sum()
    if probabilities[none].sum() >= tuning.NAME_NONE:
        return None
    logits[none] = -np.inf
    out: list[int] = []
    llama = model.llama
    stop = {llama.token_eos(), *llama.tokenize(b"<|im_end|>", add_bos=False, special=True)}
    for _ in range(prompts.NAME_MAX_TOKENS):
        token = int(np.argmax(logits))
        if token in stop:
            break
        out.append(token)
        llama.eval([token])
        logits = model.last_logits()
    text = llama.detokenize(out).decode("utf-8", "ignore").strip()
    return text.splitlines()[0].strip() if text else None
