"""The citation checker: whatever a generator wrote, every `[n]` that survives is earned.

For each sentence of the draft: markers that point at no source are dropped; each cited source must
contain a sentence that supports the claim (otherwise the marker goes, or moves to the source that
does); a sentence without a marker gets one only when a source clearly supports it; a sentence that
nothing supports is removed. Citations are narrowed to the supporting sentence and renumbered 1..n in
order of first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag import tuning
from rag.answer.evidence import Evidence, evidence_of
from rag.answer.sources import Source
from rag.answer.support import SupportScorer
from rag.schema import Citation
from rag.text.cjk import is_cjk
from rag.text.figures import figures_agree, with_month_numbers
from rag.text.instructions import carries_its_tokens
from rag.text.names import unstated_names
from rag.text.sentences import reflowed, sentence_spans
from rag.text.terms import unstated_terms

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_MARKER_AFTER_END = re.compile(r"([.!?。！？])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
_TRAILING_END = re.compile(r"[.!?。！？…]+$")


@dataclass
class Claim:
    text: str
    markers: list[int]


@dataclass
class Checked:
    text: str
    citations: list[Citation]
    dropped: list[str] = field(default_factory=list)


def split_claims(draft: str) -> list[Claim]:
    # "… Qwen. [1] Next" → "… Qwen [1]. Next": a marker after the full stop belongs to that sentence.
    draft = _MARKER_AFTER_END.sub(lambda m: f" {m.group(2).strip()}{m.group(1)}", draft)
    claims = []
    for s, e in sentence_spans(draft):
        sentence = draft[s:e]
        markers = [int(n) for m in MARKER.finditer(sentence) for n in re.split(r"[,;]", m.group(1))]
        text = MARKER.sub("", sentence).strip()
        if text and re.search(r"\w", text):
            claims.append(Claim(text, markers))
        elif claims and markers:  # a lone "[2]" line: attach to the previous sentence
            claims[-1].markers.extend(markers)
    return claims


def _normal(text: str) -> str:
    return reflowed(text).lower()


class CitationChecker:
    def __init__(self, scorer: SupportScorer, supports: float = tuning.SUPPORTS,
                 clearly_supports: float = tuning.CLEARLY_SUPPORTS) -> None:
        self.scorer = scorer
        self.supports = supports
        """Similarity at which a cited sentence counts as supporting its claim."""
        self.clearly_supports = clearly_supports
        """The higher bar for citing a sentence the model did not mark."""

    def check(self, draft: str, sources: list[Source], asked: str | None = None) -> Checked:
        """A claim may not write a path or option its sentence lacks, unless `asked` (the question
        a model's own wording answers) writes it; with `asked`, it may not name what neither writes
        either (a translation renders names and is checked for them where it is made,
        rag.answer.translation)."""
        claims = split_claims(draft)
        evidence = evidence_of(sources)
        if not claims or not evidence:
            return Checked("", [], [c.text for c in claims])
        sims = self.scorer.similarity([c.text for c in claims], [e.read_as for e in evidence])
        figures_in = [with_month_numbers(e.read_as) for e in evidence]
        valid = {s.number for s in sources}
        refs: dict[tuple[str, int, int], int] = {}
        citations: list[Citation] = []
        pieces: list[str] = []
        dropped: list[str] = []
        for i, claim in enumerate(claims):
            chosen = self._supporting(claim, [m for m in claim.markers if m in valid], evidence,
                                      figures_in, sims[i], asked)
            if not chosen:
                dropped.append(claim.text)
                continue
            numbers = []
            for ev in chosen:
                key = (ev.file, ev.start_char, ev.end_char)
                if key not in refs:
                    refs[key] = len(refs) + 1
                    citations.append(Citation(ref=refs[key], file=ev.file, start_line=ev.start_line,
                                              end_line=ev.end_line, start_char=ev.start_char,
                                              end_char=ev.end_char, quote=ev.text,
                                              score=round(float(ev.score), 4), page=ev.page,
                                              page_end=ev.page_end, section=ev.section,
                                              header=ev.header))
                numbers.append(refs[key])
            pieces.append(_with_markers(claim.text, sorted(set(numbers))))
        return Checked(_join(pieces), citations, dropped)

    def _supporting(self, claim: Claim, cited: list[int], evidence: list[Evidence],
                    figures_in: list[str], sims: object,
                    asked: str | None = None) -> list[Evidence]:
        """`figures_in`: each sentence's text with its months as numbers (with_month_numbers),
        made once for all the claims."""
        said = _normal(claim.text)

        def score(j: int) -> float:
            ev = evidence[j]
            if len(claim.text) >= 12 and (said in _normal(ev.text)
                                          or (ev.header is not None and said in _normal(ev.shown))):
                return 1.0  # a verbatim quote (a table row under its column names: Evidence.shown)
            # A row states its column names too ("Default Hotkey"): the checks read it under them.
            if not figures_agree(claim.text, figures_in[j]) or not ev.quotable \
                    or not carries_its_tokens(claim.text, ev.read_as) \
                    or unstated_terms(claim.text, ev.read_as, asked or "") \
                    or (asked is not None and unstated_names(claim.text, ev.read_as, asked)):
                return 0.0  # a link, code, path or option must be quoted, not written; a name too
            return float(sims[j])  # type: ignore[index]

        scored = sorted(((score(j), j) for j in range(len(evidence))), reverse=True)
        chosen: list[Evidence] = []
        for number in dict.fromkeys(cited):
            best = next(((s, j) for s, j in scored if evidence[j].source == number), None)
            if best and best[0] >= self.supports:
                chosen.append(evidence[best[1]])
        if chosen:
            return chosen
        # Nothing the model cited holds up: re-attribute only when one source clearly does.
        if scored and scored[0][0] >= (self.supports if cited else self.clearly_supports):
            return [evidence[scored[0][1]]]
        return []


def keeping(checked: Checked, kept: list[bool]) -> Checked:
    """`checked` with only the sentences whose flag in `kept` (one per claim of its text) is
    set, the citations they still use renumbered 1..n in order of first use."""
    by_ref = {c.ref: c for c in checked.citations}
    renumbered: dict[int, int] = {}
    citations: list[Citation] = []
    pieces: list[str] = []
    dropped = list(checked.dropped)
    for claim, keep in zip(split_claims(checked.text), kept, strict=True):
        if not keep:
            dropped.append(claim.text)
            continue
        numbers = []
        for ref in dict.fromkeys(claim.markers):
            if ref not in by_ref:
                continue
            if ref not in renumbered:
                renumbered[ref] = len(renumbered) + 1
                citations.append(by_ref[ref].model_copy(update={"ref": renumbered[ref]}))
            numbers.append(renumbered[ref])
        pieces.append(_with_markers(claim.text, numbers))
    return Checked(_join(pieces), citations, dropped)


def _with_markers(text: str, refs: list[int]) -> str:
    marks = "".join(f"[{r}]" for r in refs)
    end = _TRAILING_END.search(text)
    if end:
        body, stop = text[: end.start()], end.group()
    else:
        body, stop = text, ""
    space = "" if body and is_cjk(body[-1]) else " "
    return f"{body}{space}{marks}{stop}"


def _join(pieces: list[str]) -> str:
    out = ""
    for piece in pieces:
        if out and not (is_cjk(out[-1]) or out[-1] in "。！？"):
            out += " "
        out += piece
    return out
