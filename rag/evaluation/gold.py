"""The gold set: questions, the facts a correct answer must contain, the lines that state them.

The gold file (`eval/gold.jsonl`) is written by hand, so it is easy to get subtly wrong: a line
number off by one, a regex that no answer can match, a duplicated passage with only one copy
listed. Such a mistake would silently turn into a "wrong" score for a correct system, so this
module does not only parse the file (`load_gold`) but also checks every item against the corpus
(`validate_gold`) before anything is scored with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rag.errors import GoldError
from rag.schema import Message

LANGUAGES: frozenset[str] = frozenset({"en", "id", "zh", "fr"})
ROLES: frozenset[str] = frozenset({"user", "assistant"})


class GoldItem(BaseModel):
    """One gold question.

    The model only checks types, so that a hand-made faulty item can still be built and then
    reported by `validate_gold` with every problem it has, rather than failing on the first.
    Unknown keys are rejected: a misspelt `"fact"` would otherwise turn an item into one that
    checks nothing.
    """

    model_config = ConfigDict(extra="forbid")

    id: str
    lang: str
    question: str | None = None
    messages: list[Message] | None = None
    facts: list[list[str]] = Field(default_factory=list)
    support: dict[str, list[int]] = Field(default_factory=dict)
    evidence: dict[str, list[str]] = Field(default_factory=dict)
    """Verbatim spans that state the facts, per file: the lines of a document whose text is made
    by a reader (PDF, HTML) are only known once it has read it, so `resolve_evidence` turns these
    into `support`."""
    answerable: bool = True
    trap: bool = False
    """Unanswerable by design: an entity the documents name with a relation they never state."""

    @property
    def final_question(self) -> str:
        """The question to answer: `question`, or the last user turn of a conversation."""
        if self.question is not None:
            return self.question
        for message in reversed(self.messages or []):
            if message.role == "user":
                return message.content
        raise ValueError(f"gold item {self.id!r} has no question and no user message")

    @property
    def conversation(self) -> list[Message]:
        """The whole conversation, so single- and multi-turn items go through one code path."""
        if self.messages is not None:
            return list(self.messages)
        return [Message(role="user", content=self.question or "")]


def load_gold(path: Path) -> list[GoldItem]:
    """Parse a JSONL gold file; blank lines are skipped.

    Raises `GoldError` naming the file and 1-based line number of the first bad line, because
    the file is edited by hand and a bare pydantic traceback does not say where to look.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold file: {exc}") from exc
    items: list[GoldItem] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(
                f"{path}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})"
            ) from exc
        if not isinstance(data, dict):
            raise GoldError(f"{path}:{lineno}: expected a JSON object, got {type(data).__name__}")
        try:
            items.append(GoldItem.model_validate(data))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or '(item)'}: {err['msg']}"
                for err in exc.errors()
            )
            raise GoldError(f"{path}:{lineno}: schema error: {problems}") from exc
    return items


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def fact_matches(facts: list[list[str]], text: str) -> bool:
    """True when every fact group has at least one alternative found in `text`.

    Groups are ANDed (each is an essential fact), alternatives ORed (the same fact in another
    language or wording); matching is `re.search` ignoring case. No groups means nothing is
    required, so it is True. An invalid regex raises `re.error` rather than silently never
    matching; `validate_gold` reports such patterns before scoring.
    """
    return all(any(_compile(p).search(text) for p in group) for group in facts)


def _read_lines(
    corpus_root: Path, name: str, cache: dict[str, list[str] | None]
) -> list[str] | None:
    """The document's lines as its reader makes its text, split on '\n' (how passage line numbers
    are counted), or None when it is not a readable document under the root."""
    if name not in cache:
        from rag.ingest.documents import read_document

        rel = PurePosixPath(name)
        path = corpus_root.joinpath(*rel.parts)
        if rel.is_absolute() or ".." in rel.parts or not path.is_file():
            cache[name] = None
        else:
            try:
                text = read_document(path, name).text
            except (OSError, ValueError):
                cache[name] = None
                return None
            lines = text.split("\n")
            if text.endswith("\n"):
                lines.pop()
            cache[name] = lines
    return cache[name]


def _shape_problems(item: GoldItem) -> Iterable[str]:
    """Problems visible without the corpus: language, question/messages, facts/support presence."""
    if item.lang not in LANGUAGES:
        yield f"lang {item.lang!r} is not one of {sorted(LANGUAGES)}"
    if (item.question is None) == (item.messages is None):
        yield "needs exactly one of 'question' and 'messages'"
    if item.question is not None and not item.question.strip():
        yield "question is empty"
    if item.messages is not None:
        if not item.messages:
            yield "messages is empty"
        elif item.messages[-1].role != "user":
            yield f"last message is from {item.messages[-1].role!r}, not the user"
        for n, message in enumerate(item.messages):
            if message.role not in ROLES:
                yield f"messages[{n}].role {message.role!r} is not one of {sorted(ROLES)}"
            if not message.content.strip():
                yield f"messages[{n}] is empty"
    if item.answerable:
        if not item.facts:
            yield "answerable item has no facts"
        if not item.support:
            yield "answerable item has no support"
    else:
        if item.facts:
            yield "unanswerable item must not have facts"
        if item.support:
            yield "unanswerable item must not have support"
    for g, group in enumerate(item.facts):
        if not group:
            yield f"facts[{g}] is an empty group"
        for pattern in group:
            if not pattern:
                yield f"facts[{g}] has an empty pattern, which matches anything"
                continue
            try:
                _compile(pattern)
            except re.error as exc:
                yield f"facts[{g}] pattern {pattern!r} does not compile: {exc}"


def _support_problems(
    item: GoldItem, corpus_root: Path, cache: dict[str, list[str] | None]
) -> Iterable[str]:
    """Support lines must exist, list every copy of a duplicated line, and state every fact."""
    texts: list[str] = []
    for name, numbers in item.support.items():
        lines = _read_lines(corpus_root, name, cache)
        if lines is None:
            yield f"support file {name!r} does not exist under {corpus_root}"
            continue
        if not numbers:
            yield f"support for {name!r} lists no lines"
        listed = set(numbers)
        for n in numbers:
            if not 1 <= n <= len(lines):
                yield f"support line {name}:{n} is outside the file (1..{len(lines)})"
                continue
            texts.append(lines[n - 1])
            line = lines[n - 1].strip()
            copies = [i for i, other in enumerate(lines, 1) if line and other.strip() == line]
            missing = [i for i in copies if i not in listed]
            if missing:
                yield f"support line {name}:{n} is duplicated at {missing}, which are not listed"
    for g, group in enumerate(item.facts):
        try:
            reachable = any(_compile(p).search(t) for p in group if p for t in texts)
        except re.error:
            continue  # already reported by _shape_problems
        if texts and not reachable:
            yield f"facts[{g}] {group!r} matches none of its support lines"


def validate_gold(items: list[GoldItem], corpus_root: Path) -> list[str]:
    """Every problem in the gold set, one human-readable line each (`[]` when it is valid).

    Checks that a scorer would otherwise trip over silently: duplicate ids, unknown languages,
    malformed conversations, missing or out-of-range support, regexes that do not compile, and
    fact groups that none of their own support lines state (a fact no citation could back).
    """
    corpus_root = Path(corpus_root)
    problems: list[str] = []
    seen: set[str] = set()
    cache: dict[str, list[str] | None] = {}
    for item in items:
        if item.id in seen:
            problems.append(f"{item.id}: duplicate id")
        seen.add(item.id)
        problems.extend(f"{item.id}: {p}" for p in _shape_problems(item))
        problems.extend(f"{item.id}: {p}" for p in _support_problems(item, corpus_root, cache))
    return problems


def _collapsed(text: str) -> tuple[str, list[int]]:
    """`text` with every run of whitespace as one space, and where each of its characters was."""
    out: list[str] = []
    where: list[int] = []
    for match in re.finditer(r"\S+|\s+", text):
        piece = match.group()
        if piece[0].isspace():
            if out:
                out.append(" ")
                where.append(match.start())
        else:
            out.append(piece)
            where.extend(range(match.start(), match.end()))
    return "".join(out), where


def locate_all(text: str, span: str) -> list[tuple[int, int]]:
    """Every place `span` stands in `text`, whitespace runs counting as one space."""
    flat, where = _collapsed(text)
    needle = " ".join(span.split())
    found, at = [], flat.find(needle)
    while needle and at >= 0:
        found.append((where[at], where[at + len(needle) - 1] + 1))
        at = flat.find(needle, at + 1)
    return found


def resolve_evidence(items: list[GoldItem], corpus: Any) -> tuple[list[GoldItem], list[str]]:
    """Items whose `evidence` spans are turned into `support` lines of the documents' texts as
    their readers make them (`corpus` is a rag.evaluation.corpus.CorpusFiles); problems name each
    span that is not found."""
    out: list[GoldItem] = []
    problems: list[str] = []
    for item in items:
        if not item.evidence or item.support:
            out.append(item)
            continue
        support: dict[str, set[int]] = {}
        for name, spans in item.evidence.items():
            doc = corpus.document(name)
            if doc is None:
                problems.append(f"{item.id}: evidence file {name!r} is not a readable document")
                continue
            for span in spans:
                places = locate_all(doc.text, span)
                if not places:
                    problems.append(f"{item.id}: evidence {span[:60]!r} is not in {name}")
                for start, end in places:
                    support.setdefault(name, set()).update(
                        range(doc.line_of(start), doc.line_of(end - 1) + 1))
        out.append(item.model_copy(update={"support": {k: sorted(v) for k, v in support.items()}}))
    return out, problems
