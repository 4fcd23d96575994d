"""Which name does this sentence give for what the question asks? Read by the local LLM.

The judge says yes to near misses for questions asking for a name: "Meta acquired Scale's founder
and CEO" for the founder's name, a sentence naming Zuckerberg for the name of a spokesperson or a
podcast. Asked to copy the name out of the sentence, the same 1.5B model answers NONE to those, or
copies a name the question already gives ("Scale AI"), while it copies "AWS, Nvidia, Google Cloud"
or "Llama" where they answer. On the gold set the judge's favourite failed this reading for all
three unanswerable name questions it had accepted and passed it for all three answerable ones.

The reply is read like the judge's verdict, deterministically: NONE when the model's first token
is more likely NONE than not; otherwise the most likely reply that does not start with NONE (the
model hesitated between the two on "Gugatan Kadrey v. Meta menuduh…", 0.38 to 0.33).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from rag.models.prompt_cache import SUBDIR, ensure_prefix
from rag.settings import Settings
from rag.text.question_types import new_names

NAME_SYSTEM = ("You copy names out of passages. The passage and the question may be in different "
               "languages. Reply with the name the question asks for, copied exactly from the "
               "passage, or NONE if the passage does not give that name.")
_REQUEST = "Question: {question}\nPassage: {passage}"
NAME_EXAMPLES = (
    ("What is the name of Nokia's CEO?",
     "Nokia's chief executive, Pekka Lundmark, announced the plan on Monday.", "Pekka Lundmark"),
    ("Siapa nama pendiri perusahaan itu?",
     "Le fondateur de l'entreprise Nokia a quitté son poste en mai.", "NONE"),
    ("這項計畫叫什麼名字?", "The programme, called Project Aurora, starts in May.", "Project Aurora"),
    ("What is the name of the agreement that ended the strike?",
     "Perjanjian Helsinki mengakhiri pemogokan itu pada 1995.", "Perjanjian Helsinki"),
    ("Which newspaper reported the Nokia deal?",
     "Nokia's deal with Ericsson was reported last week by several media.", "NONE"),
)
"""Worked examples, none about the corpus: two near misses (a founder mentioned, not named; media
mentioned, not named) and three names in other languages than their questions."""
NONE = "NONE"
MAX_TOKENS = 16
_SPLIT = "\u0000QUESTION\u0000"


def head_and_rest(model: Any, question: str, sentence: str) -> tuple[str, str]:
    """The prompt in the model's chat template, cut where the question starts: the head (the
    instructions and examples) is the same for every question and is kept evaluated."""
    from rag.models.judge import chat_prompt

    messages = [{"role": "system", "content": NAME_SYSTEM}]
    for q, passage, reply in NAME_EXAMPLES:
        messages += [{"role": "user", "content": _REQUEST.format(question=q, passage=passage)},
                     {"role": "assistant", "content": reply}]
    messages.append({"role": "user", "content": _SPLIT})
    prompt = chat_prompt(model, messages)
    if prompt is None:
        prompt = "\n\n".join(m["content"] for m in messages) + "\n"
    head, _, tail = prompt.partition(_SPLIT)
    return head, _REQUEST.format(question=question.strip(), passage=sentence.strip()) + tail


def read_name(model: Any, settings: Settings, question: str, sentence: str) -> str | None:
    """The name the model copies from `sentence` as the answer to `question`, or None (NONE).
    The caller holds the model's lock."""
    from rag.models.judge import _last_logits

    head, rest = head_and_rest(model, question, sentence)
    ensure_prefix(model, model.tokenize(head.encode(), add_bos=True, special=True),
                  settings.models.data_dir / SUBDIR)
    model.eval(list(model.tokenize(rest.encode(), add_bos=False, special=True)))
    none = sorted({model.tokenize(w.encode(), add_bos=False, special=False)[0]
                   for w in (NONE, " " + NONE)})
    logits = _last_logits(model)
    probabilities = np.exp(logits - logits.max())
    probabilities /= probabilities.sum()
    if probabilities[none].sum() >= 0.5:
        return None
    logits[none] = -np.inf
    out: list[int] = []
    stop = {model.token_eos(), *model.tokenize(b"<|im_end|>", add_bos=False, special=True)}
    for _ in range(MAX_TOKENS):
        token = int(np.argmax(logits))
        if token in stop:
            break
        out.append(token)
        model.eval([token])
        logits = _last_logits(model)
    text = model.detokenize(out).decode("utf-8", "ignore").strip()
    return text.splitlines()[0].strip() if text else None


_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"\w+")


def names_something_new(name: str | None, sentence: str, question: str) -> bool:
    """Whether the copied `name` holds a name the question lacks that the sentence really has: a
    capitalised word ("Scale AI" adds nothing to "the Scale AI founder"), or Chinese characters,
    which write names without capitals."""
    if not name:
        return False
    said = {w.lower() for w in _WORD.findall(sentence)}
    latin = [n for n in new_names(question, name, skip_first=False) if n.lower() in said]
    han = [r for r in _HAN_RUN.findall(name) if r in sentence and r not in question]
    return bool(latin or han)
