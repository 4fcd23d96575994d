"""Does this sentence state the answer to this question? A yes/no judgement by the local model.

Embedding similarity cannot tell "How many parameters does Avocado have?" from "What is Avocado
built on?": both score the Avocado sentence highly, and only one is answered by it. A small model
can tell, asked about one short sentence at a time rather than asked to write an answer (asked to
answer, it invents one). The verdict is read from the next-token distribution: P(yes) over
P(yes) + P(no), one forward pass, no sampling, so it is deterministic and costs about as many
prompt tokens as the sentence has.

The question and the request come before the sentence, so the shared part (instructions, examples,
question, request) is evaluated once and only the sentence and the turn change for every further
candidate; asked before the passage rather than after it, the same request also made the judge
stricter. The instructions and examples are evaluated once per machine (rag.models.llama), and
the sentences after the first can be read in one pass, each its own continuation of the question
(rag.models.branches).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rag import prompts
from rag.models.branches import evaluate_branches, pass_size
from rag.models.llama import LocalModel, shared_model
from rag.models.memo import Memo
from rag.models.name_reader import read_name
from rag.prompts import ChoiceInstructions, JudgeInstructions
from rag.settings import ModelSettings

VERDICTS_KEPT = 2048


@dataclass(frozen=True)
class JudgePrompt:
    """The prompt in three parts, each evaluated in batches of its own: the head (instructions and
    examples, the same for every question, kept in the model's cache), then the question, then
    each sentence with the closing request. A verdict does not depend on what was asked before:
    the same numbers whether or not the head came from the cache. It depends on which sentences
    share its pass (the best-ranked alone, the others together) by a few hundredths at most."""

    head: str
    middle: str
    """Between the question and the sentence."""
    tail: str
    """After the sentence, up to where the model's reply starts."""


@dataclass(frozen=True)
class ChoicePrompt:
    """The choice prompt in parts, as JudgePrompt: head, question, `middle`, sentence A,
    `between`, sentence B, `tail`."""

    head: str
    middle: str
    between: str
    tail: str


def render_choice(model: LocalModel,
                  instructions: ChoiceInstructions = prompts.CHOICE) -> ChoicePrompt:
    def user(question: str, first: str, second: str) -> str:
        return instructions.user.format(question=question).replace(
            prompts.PASSAGE_SLOT, first).replace(prompts.SECOND_SLOT, second)

    turns = [(user(q, a, b), reply) for q, a, b, reply in instructions.examples]
    prompt = model.few_shot(instructions.system, turns,
                            user(prompts.QUESTION_SLOT, prompts.PASSAGE_SLOT, prompts.SECOND_SLOT))
    head, _, rest = prompt.partition(prompts.QUESTION_SLOT)
    middle, _, rest = rest.partition(prompts.PASSAGE_SLOT)
    between, _, tail = rest.partition(prompts.SECOND_SLOT)
    return ChoicePrompt(head, middle, between, tail)


def render_prompt(model: LocalModel, instructions: JudgeInstructions = prompts.JUDGE) -> JudgePrompt:
    """The prompt in the model's own chat template: any GGUF with a template works."""
    turns = [(instructions.user.format(question=q).replace(prompts.PASSAGE_SLOT, passage), verdict)
             for q, passage, verdict in instructions.examples]
    prompt = model.few_shot(instructions.system, turns,
                            instructions.user.format(question=prompts.QUESTION_SLOT))
    head, _, rest = prompt.partition(prompts.QUESTION_SLOT)
    middle, _, tail = rest.partition(prompts.PASSAGE_SLOT)
    return JudgePrompt(head, middle, tail)


class LlamaJudge:
    """The answer judge (and name reader) on the shared local model."""

    def __init__(self, settings: ModelSettings,
                 instructions: JudgeInstructions = prompts.JUDGE,
                 width: int | None = None) -> None:
        self.settings = settings
        self.instructions = instructions
        self.width = width
        """Sentences read in one pass at most (None: as many as the model's context holds)."""
        self._tokens: tuple[list[int], list[int]] | None = None
        self._prompt: JudgePrompt | None = None
        # A verdict is kept by question and sentence: a translated answer is weighed against the
        # very quote judged before it.
        self._verdicts: Memo[tuple[str, str], float] = Memo(VERDICTS_KEPT)
        self._claims: LlamaJudge | None = None
        self._choice: tuple[ChoicePrompt, list[int], list[int]] | None = None
        self._preferences: Memo[tuple[str, str, str], float] = Memo(VERDICTS_KEPT)

    def judge(self, question: str, sentences: Sequence[str],
              enough: float | None = None) -> list[float]:
        """For each sentence, the probability (0..1) that it states the answer to the question;
        with `enough`, none after the first that reaches it. The first sentence not judged before
        is read alone (the best-ranked one is often the answer, and reading stops there), the
        rest in one pass when the model's context holds several sequences (rag.models.branches,
        ModelSettings.llama_sequences)."""
        if not sentences:
            return []
        model = shared_model(self.settings)
        question = question.strip()
        keys = [(question, s.strip()) for s in sentences]
        with model.lock:
            if self._tokens is None:
                self._tokens = (model.first_tokens(prompts.YES), model.first_tokens(prompts.NO))
            if self._prompt is None:
                self._prompt = render_prompt(model, self.instructions)
            prompt = self._prompt
            known = self._verdicts.found(keys)
            shared: int | None = None
            out: list[float] = []
            while True:
                for key in keys[len(out):]:
                    if key not in known:
                        break
                    out.append(known[key])
                    if enough is not None and known[key] >= enough:
                        return out
                if len(out) == len(keys):
                    return out
                todo = [k for k in dict.fromkeys(keys[len(out):]) if k not in known]
                if shared is None:  # the question is read once, and only if needed
                    model.evaluate(prompt.head, question + prompt.middle)
                    shared = model.llama.n_tokens
                    step = 1
                else:  # no more than one pass before looking for `enough` again
                    step = pass_size(model.llama, self.width)
                known.update(self._read(model, shared, todo[:step]))

    def _read(self, model: LocalModel, shared: int,
              keys: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """Judge the sentence of each of `keys` after the evaluated question (`shared` tokens)."""
        assert self._tokens is not None and self._prompt is not None
        yes, no = self._tokens
        branches = [model.tokens(sentence + self._prompt.tail) for _, sentence in keys]
        logits = evaluate_branches(model.llama, shared, branches, self.width)
        verdicts = {key: _yes_share(row, yes, no) for key, row in zip(keys, logits, strict=True)}
        self._verdicts.update(verdicts)
        return verdicts

    can_compare = True

    def prefer(self, question: str, first: str, second: str) -> float:
        """The probability that `first` rather than `second` states the answer, the two read side
        by side: a sentence read alone is rated by the question's words it shares, so "Unfill all
        zones" can outscore "Fill all zones"; read together, the difference is what is weighed. The
        two orders are read in one pass and averaged, since a small model leans to a position."""
        question, first, second = question.strip(), first.strip(), second.strip()
        key = (question, first, second)
        known = self._preferences.get(key)
        if known is not None:
            return known
        model = shared_model(self.settings)
        with model.lock:
            if self._choice is None:
                self._choice = (render_choice(model), model.first_tokens(prompts.CHOICE_A),
                                model.first_tokens(prompts.CHOICE_B))
            prompt, a, b = self._choice
            model.evaluate(prompt.head, question + prompt.middle)
            shared = model.llama.n_tokens
            branches = [model.tokens(x + prompt.between + y + prompt.tail)
                        for x, y in ((first, second), (second, first))]
            in_order, swapped = evaluate_branches(model.llama, shared, branches, self.width)
        p = (_yes_share(in_order, a, b) + _yes_share(swapped, b, a)) / 2
        self._preferences.put(key, p)
        return p

    def claim_judge(self) -> LlamaJudge:
        """The same model told to check claims against quotes (prompts.CLAIM), made once."""
        if self._claims is None:
            self._claims = LlamaJudge(self.settings, prompts.CLAIM, self.width)
        return self._claims

    def name_in(self, question: str, sentence: str) -> str | None:
        """The name `sentence` gives as the answer to `question`, copied from it; None if it gives
        none (see rag.models.name_reader)."""
        model = shared_model(self.settings)
        with model.lock:
            return read_name(model, question, sentence)


def _yes_share(logits: np.ndarray, yes: list[int], no: list[int]) -> float:
    top = max(logits[yes].max(), logits[no].max())
    p_yes = np.exp(logits[yes] - top).sum()
    p_no = np.exp(logits[no] - top).sum()
    return float(p_yes / (p_yes + p_no))
