"""Choosing and building generators by name, once per process."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from rag.answer.generation.base import Generator
from rag.answer.generation.extractive import ExtractiveGenerator
from rag.answer.support import SupportScorer
from rag.errors import GeneratorError
from rag.models.judge import AnswerJudge
from rag.settings import Settings

log = logging.getLogger(__name__)

NAMES = ("auto", "extractive", "llama", "openai")


def default_generator_name(settings: Settings) -> str:
    if settings.answer.generator != "auto":
        return settings.answer.generator
    from rag.answer.generation.llama import llama_available

    return "llama" if llama_available(settings) else "extractive"


class Generators:
    def __init__(self, settings: Settings, scorer: Callable[[], SupportScorer]) -> None:
        self.settings = settings
        self._scorer = scorer
        self._built: dict[str, Generator] = {}
        self._judge: AnswerJudge | None = None
        self._lock = threading.Lock()

    def get(self, name: str | None = None) -> Generator:
        name = name or default_generator_name(self.settings)
        if name == "auto":
            name = default_generator_name(self.settings)
        with self._lock:
            if name not in self._built:
                self._built[name] = self._build(name)
            return self._built[name]

    def _build(self, name: str) -> Generator:
        if name == "extractive":
            return ExtractiveGenerator(self._scorer())
        if name == "llama":
            from rag.answer.generation.llama import LlamaGenerator

            return LlamaGenerator(self.settings)
        if name == "openai":
            from rag.answer.generation.openai import OpenAIGenerator

            return OpenAIGenerator(self.settings)
        raise GeneratorError(f"unknown generator {name!r}; choose one of {', '.join(NAMES)}")

    def judge_for(self, generator: str) -> AnswerJudge | None:
        """The answer judge to use with this generator, if any (see Settings.judge)."""
        wanted = self.settings.answer.judge
        if wanted == "none" or (wanted == "auto" and generator != "llama"):
            return None
        return self.judge()

    def judge(self) -> AnswerJudge:
        """The answer judge itself, whatever the generator (the reranker of a plain search)."""
        with self._lock:
            if self._judge is None:
                from rag.models.judge import LlamaJudge

                self._judge = LlamaJudge(self.settings)
            return self._judge

    def set_judge(self, judge: AnswerJudge | None) -> None:
        """Swap the judge (tests use a scripted one; another backend could be plugged in here)."""
        with self._lock:
            self._judge = judge
