"""A scripted answer judge: the judge seam's stand-in where a test decides what answers."""

from __future__ import annotations

from collections.abc import Sequence

from rag.errors import GeneratorError


class ScriptedJudge:
    """Says yes (0.9) to sentences containing any of `accept`, no (0.1) to the rest."""

    def __init__(self, *accept: str, fail: bool = False, names: Sequence[str] | None = None,
                 claims: ScriptedClaims | None = None,
                 prefers: Sequence[str] | None = None) -> None:
        self.accept = accept
        self.prefers = prefers
        """What `prefer` favours, read side by side; None: this judge does not compare."""
        self.compared: list[tuple[str, str]] = []
        self.claims = claims
        """What claim_judge offers: none by default (no claim check)."""
        self.fail = fail
        self.names = accept if names is None else names
        """What name_in copies: by default what the judge accepts is the answer."""
        self.name_calls: list[tuple[str, str]] = []
        self.calls: list[tuple[str, list[str]]] = []

    def judge(self, question: str, sentences: Sequence[str],
              enough: float | None = None) -> list[float]:
        self.calls.append((question, list(sentences)))
        if self.fail:
            raise GeneratorError("model could not be loaded")
        verdicts: list[float] = []
        for sentence in sentences:
            verdicts.append(0.9 if any(a in sentence for a in self.accept) else 0.1)
            if enough is not None and verdicts[-1] >= enough:
                break
        self.read = len(verdicts)
        """How many sentences the last call read."""
        return verdicts

    def claim_judge(self) -> ScriptedClaims | None:
        return self.claims

    @property
    def can_compare(self) -> bool:
        return self.prefers is not None

    def prefer(self, question: str, first: str, second: str) -> float:
        """0.9 when `first` holds one of `prefers` and `second` none, 0.1 the other way, else 0.5."""
        assert self.prefers is not None
        self.compared.append((first, second))
        if self.fail:
            raise GeneratorError("model could not be loaded")
        a, b = (any(p in s for p in self.prefers) for s in (first, second))
        return 0.9 if a and not b else 0.1 if b and not a else 0.5

    def name_in(self, question: str, sentence: str) -> str | None:
        """The first of `names` the sentence holds."""
        self.name_calls.append((question, sentence))
        return next((n for n in self.names if n in sentence), None)


class ScriptedClaims:
    """A claim judge (rag.answer.claims) that finds a claim stated (0.9) when it contains any of
    `stated`, and surely not (0.02) otherwise, whatever the quote."""

    def __init__(self, *stated: str) -> None:
        self.stated = stated
        self.calls: list[tuple[str, list[str]]] = []

    def judge(self, question: str, sentences: Sequence[str],
              enough: float | None = None) -> list[float]:
        self.calls.append((question, list(sentences)))
        verdict = 0.9 if any(s in question for s in self.stated) else 0.02
        return [verdict for _ in sentences][:1 if enough is not None and verdict >= enough else None]
