"""The generators, registered by name in one table, built once per assistant.

A backend is chosen by name only here (from settings, a CLI flag or an API field); everything after
that asks the backend's declared capabilities.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from rag.answer.claims import ClaimCheck
from rag.answer.generation.base import Generator
from rag.answer.generation.extractive import ExtractiveGenerator
from rag.answer.judging import AnswerJudge
from rag.answer.support import SupportScorer
from rag.errors import UnknownGenerator
from rag.settings import Settings

Factory = Callable[[Settings, SupportScorer], Generator]


def _extractive(settings: Settings, scorer: SupportScorer) -> Generator:
    return ExtractiveGenerator(scorer)


def _llama(settings: Settings, scorer: SupportScorer) -> Generator:
    from rag.answer.generation.llama import LlamaGenerator

    return LlamaGenerator(settings)


def _openai(settings: Settings, scorer: SupportScorer) -> Generator:
    from rag.answer.generation.openai import OpenAIGenerator

    return OpenAIGenerator(settings)


REGISTRY: dict[str, Factory] = {"extractive": _extractive, "llama": _llama, "openai": _openai}
FALLBACK = "extractive"
"""What answers when the chosen backend is missing or fails: no model, always there."""
NAMES = ("auto", *REGISTRY)
"""What a caller may ask for; `auto` is the local model when it can run here, else the fallback."""


def default_generator_name(settings: Settings) -> str:
    if settings.answer.generator != "auto":
        return settings.answer.generator
    from rag.models.llama import llama_available

    return "llama" if llama_available(settings.models) else FALLBACK


class Generators:
    """The assistant's generators and its answer judge, each built on first use."""

    def __init__(self, settings: Settings, scorer: Callable[[], SupportScorer],
                 judge: AnswerJudge | None = None) -> None:
        self.settings = settings
        self._scorer = scorer
        self._built: dict[str, Generator] = {}
        self._judge = judge
        self._lock = threading.Lock()

    def get(self, name: str | None = None) -> Generator:
        """The generator registered as `name` (default: the settings'); UnknownGenerator for a
        name not in the table. Building one does not load its model."""
        name = default_generator_name(self.settings) if name in (None, "auto") else name
        if name not in REGISTRY:
            raise UnknownGenerator(f"unknown generator {name!r}; choose one of {', '.join(NAMES)}")
        with self._lock:
            if name not in self._built:
                self._built[name] = REGISTRY[name](self.settings, self._scorer())
            return self._built[name]

    def fallback(self) -> Generator:
        return self.get(FALLBACK)

    def judge_for(self, generator: Generator) -> AnswerJudge | None:
        """The answer judge to use with this generator, if any (see Settings.answer.judge)."""
        wanted = self.settings.answer.judge
        if wanted == "none" or (wanted == "auto" and not generator.capabilities.local_model):
            return None
        return self.judge()

    def claim_check_for(self, generator: Generator) -> ClaimCheck | None:
        """The claim check on this generator's wording (Settings.answer.claim_check): by the
        answer judge's claim judge, so wherever that judge is on and offers one."""
        if self.settings.answer.claim_check == "none":
            return None
        judge = self.judge_for(generator)
        claims = judge.claim_judge() if judge is not None else None
        return None if claims is None else ClaimCheck(claims, self.settings.answer.claim_threshold)

    def judge(self) -> AnswerJudge:
        """The answer judge itself, whatever the generator (the reranker of a plain search)."""
        with self._lock:
            if self._judge is None:
                from rag.models.judge import LlamaJudge

                self._judge = LlamaJudge(self.settings.models)
            return self._judge
