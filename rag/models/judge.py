"""Does this sentence state the answer to this question? A yes/no judgement by the local LLM.

Embedding similarity cannot tell "How many parameters does Avocado have?" from "What is Avocado
built on?": both score the Avocado sentence highly, and only one is answered by it. A small LLM can
tell, when asked about one short sentence at a time rather than asked to write an answer (asked to
answer, it invents one). The judgement is read from the model's next-token distribution: P(yes)
over P(yes) + P(no), one forward pass, no sampling, so it is deterministic and costs about as many
prompt tokens as the sentence has.

The question and the request are placed before the sentence so that the judge evaluates the shared
part (instructions, examples, question, request) once and only the sentence and the turn change for
every further candidate. Asked before the passage rather than after it, the same request also made
the judge stricter: at the same threshold (0.5, eight candidates) it refused 14 of the gold set's 20
unanswerable questions instead of 10.
The instructions and examples, the same for every question, are evaluated once per machine and
then read from the data dir (`rag.models.prompt_cache`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from rag.models.prompt_cache import SUBDIR, ensure_prefix
from rag.settings import Settings

if TYPE_CHECKING:
    from llama_cpp import Llama

JUDGE_SYSTEM = ("You check whether a passage contains the answer to a question. The passage and the "
                "question may be in different languages.")
_SLOT = "\u0000PASSAGE\u0000"
_QUESTION = "\u0000QUESTION\u0000"
JUDGE_USER = (f"Question: {{question}}\n\nDoes the passage below state the specific answer to this "
              f"question? Reply yes or no.\n\nPassage:\n{_SLOT}")


EXAMPLES = (
    ("How many employees does Nokia have?", "Nokia was founded in 1865 and is based in Espoo.", "no"),
    ("Kapan Nokia didirikan?", "Nokia was founded in 1865 and is based in Espoo.", "yes"),
    ("這家公司的執行長叫什麼名字?", "Le PDG de l'entreprise a annoncé un nouveau plan d'économies.",
     "no"),
    ("Quel est le prix de l'abonnement ?", "Langganan bulanan akan dikenakan biaya $20.", "yes"),
    ("Which Android version does the phone run?", "The phone runs Android and ships in May.", "no"),
)
"""Worked examples, none about the corpus: the near misses (a CEO mentioned but not named, a
product named but not its version) are the mistakes a small judge makes without them."""


class AnswerJudge(Protocol):
    def judge(self, question: str, sentences: Sequence[str]) -> list[float]:
        """For each sentence, the probability (0..1) that it states the answer to the question."""
        ...

    def name_in(self, question: str, sentence: str) -> str | None:
        """The name `sentence` gives as the answer to `question`, copied from it; None if it
        gives none (see rag.models.name_reader)."""
        ...


@dataclass(frozen=True)
class JudgePrompt:
    """The prompt in three parts, each always evaluated as its own batch: the head (instructions
    and examples, the same for every question, kept in the model's cache), then the question, then
    each sentence with the closing request. Fixed batching makes a verdict independent of what was
    asked before: the same numbers whether or not the head came from the cache."""

    head: str
    middle: str
    """Between the question and the sentence."""
    tail: str
    """After the sentence, up to where the model's reply starts."""


def chat_prompt(model: Llama, messages: list[dict[str, str]]) -> str | None:
    """`messages` in the GGUF's own chat template, or None when it has none (each caller has its
    own plain-text fallback)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    template = model.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    eos = model.detokenize([model.token_eos()]).decode("utf-8", "ignore")
    bos = model.detokenize([model.token_bos()]).decode("utf-8", "ignore")
    return Jinja2ChatFormatter(template, eos_token=eos, bos_token=bos)(messages=messages).prompt


def render_prompt(model: Llama) -> JudgePrompt:
    """The prompt in the model's own chat template: any GGUF with a template works."""
    messages = [{"role": "system", "content": JUDGE_SYSTEM}]
    for q, passage, verdict in EXAMPLES:
        messages += [{"role": "user", "content": JUDGE_USER.format(question=q).replace(_SLOT, passage)},
                     {"role": "assistant", "content": verdict}]
    messages.append({"role": "user", "content": JUDGE_USER.format(question=_QUESTION)})
    prompt = chat_prompt(model, messages)
    if prompt is None:
        prompt = "\n\n".join(m["content"] for m in messages if m["role"] != "system")
        prompt = f"{JUDGE_SYSTEM}\n\n{prompt}\nAnswer:"
    head, _, rest = prompt.partition(_QUESTION)
    middle, _, tail = rest.partition(_SLOT)
    return JudgePrompt(head, middle, tail)


def _first_tokens(model: Llama, words: Sequence[str]) -> list[int]:
    return sorted({model.tokenize(w.encode(), add_bos=False, special=False)[0] for w in words})


class LlamaJudge:
    """The judge on the generator's own llama model (loaded once per process, shared)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._tokens: tuple[list[int], list[int]] | None = None
        self._prompt: JudgePrompt | None = None

    def _model(self) -> tuple[Llama, threading.Lock]:
        from rag.answer.generation.llama import shared_model

        return shared_model(self.settings)

    def judge(self, question: str, sentences: Sequence[str]) -> list[float]:
        if not sentences:
            return []
        model, lock = self._model()
        with lock:
            if self._tokens is None:
                self._tokens = (_first_tokens(model, (" yes", "yes", "Yes", " Yes")),
                                _first_tokens(model, (" no", "no", "No", " No")))
            yes, no = self._tokens
            if self._prompt is None:
                self._prompt = render_prompt(model)
            p = self._prompt
            head = model.tokenize(p.head.encode(), add_bos=True, special=True)
            ensure_prefix(model, head, self.settings.models.data_dir / SUBDIR)
            model.eval(_tokens(model, question.strip() + p.middle))
            shared = model.n_tokens
            out = []
            for sentence in sentences:
                model.n_tokens = shared
                model.eval(_tokens(model, sentence.strip() + p.tail))
                out.append(_yes_share(_last_logits(model), yes, no))
            return out


    def name_in(self, question: str, sentence: str) -> str | None:
        from rag.models.name_reader import read_name

        model, lock = self._model()
        with lock:
            return read_name(model, self.settings, question, sentence)


def _tokens(model: Any, text: str) -> list[int]:
    return list(model.tokenize(text.encode(), add_bos=False, special=True))


def _last_logits(model: Any) -> np.ndarray:
    import llama_cpp

    pointer = llama_cpp.llama_get_logits_ith(model.ctx, -1)
    return np.ctypeslib.as_array(pointer, shape=(model.n_vocab(),)).astype(np.float64)


def _yes_share(logits: np.ndarray, yes: list[int], no: list[int]) -> float:
    top = max(logits[yes].max(), logits[no].max())
    p_yes = np.exp(logits[yes] - top).sum()
    p_no = np.exp(logits[no] - top).sum()
    return float(p_yes / (p_yes + p_no))
