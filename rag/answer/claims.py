"""Does the cited quote state the sentence? The claim check on a model's own wording.

The citation checker weighs a written sentence against its quote by words and similarity, so a
sentence built from the quote's words in another relation passes it: "<a person> is the chief of
<a company> [1]", citing a sentence in which that person heads a different company, or "the tool
syncs every hour [1]" citing "by default it syncs every 15 minutes" (the checker compares the
figures a sentence writes, not one it words differently). The local model reads the relation:
asked in one forward pass whether the quote states the claim (the answer judge's prompt with the
claim where the question goes, prompts.CLAIM), it gives P(yes). A sentence below the bar loses
its place in the answer; when none is left, the pipeline quotes the accepted sentence instead, as
for any other refused wording.

Only a model's wording is checked: a verbatim quote states itself, and a translated quote was
weighed against the quote where it was made (rag.answer.translation).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rag.answer.citations import Checked, keeping, split_claims
from rag.schema import Citation
from rag.text.tables import under_column_names

log = logging.getLogger(__name__)


class ClaimJudge(Protocol):
    def judge(self, question: str, sentences: Sequence[str],
              enough: float | None = None) -> list[float]:
        """For each passage, the probability (0..1) that it states `question` (here a claim)."""
        ...


@dataclass(frozen=True)
class ClaimCheck:
    judge: ClaimJudge
    threshold: float
    """P(yes) a sentence needs from one of its quotes (tuning.CLAIM_STATED)."""

    def stated(self, checked: Checked) -> Checked:
        """`checked` without the sentences none of whose quotes states them (its citations
        renumbered); unchanged when every sentence holds. A quoted table row is read under its
        column names, as the judge read it (rag.answer.evidence.Evidence.read_as)."""
        quotes = {c.ref: read_as(c) for c in checked.citations}
        kept: list[bool] = []
        for claim in split_claims(checked.text):
            cited = [quotes[m] for m in dict.fromkeys(claim.markers) if m in quotes]
            if not cited:  # the checker leaves none uncited; keep what cannot be weighed
                kept.append(True)
                continue
            p = max(self.judge.judge(claim.text, cited, enough=self.threshold))
            kept.append(p >= self.threshold)
            if p < self.threshold:
                log.info("claim not stated by its quote (P(yes) %.2f): %s", p, claim.text)
        return checked if all(kept) else keeping(checked, kept)


def read_as(citation: Citation) -> str:
    """A quote as a reader is shown it: a table row under its column names (Evidence.read_as)."""
    return under_column_names(citation.header, citation.quote) if citation.header else citation.quote
