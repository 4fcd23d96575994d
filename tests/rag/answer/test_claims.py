"""The claim check (rag.answer.claims) on checked answers, with a scripted claim judge."""

from __future__ import annotations

import pytest

from rag.answer.citations import Checked
from rag.answer.claims import ClaimCheck
from rag.schema import Citation
from tests.conftest import needs_model
from tests.fakes.judge import ScriptedClaims


def citation(ref: int, quote: str, start: int) -> Citation:
    return Citation(ref=ref, file="manual.txt", start_line=start, end_line=start,
                    start_char=start * 100, end_char=start * 100 + len(quote), quote=quote)


FIRST = citation(1, "Mirrors are listed in /etc/apt/sources.list.", 3)
SECOND = citation(2, "apt-get update downloads the package lists again.", 9)
CHECKED = Checked("The mirrors are in /etc/apt/sources.list [1]. "
                  "apt-get upgrade downloads the lists [2].", [FIRST, SECOND])


def test_a_sentence_its_quote_does_not_state_is_removed_with_its_citation() -> None:
    judge = ScriptedClaims("mirrors")
    kept = ClaimCheck(judge, 0.5).stated(CHECKED)
    assert kept.text == "The mirrors are in /etc/apt/sources.list [1]."
    assert kept.citations == [FIRST]
    assert kept.dropped == ["apt-get upgrade downloads the lists."]
    # Each sentence was weighed against its own quote, the claim where the question goes.
    assert judge.calls == [("The mirrors are in /etc/apt/sources.list.", [FIRST.quote]),
                           ("apt-get upgrade downloads the lists.", [SECOND.quote])]


def test_the_citations_left_are_renumbered_from_one() -> None:
    kept = ClaimCheck(ScriptedClaims("upgrade"), 0.5).stated(CHECKED)
    assert kept.text == "apt-get upgrade downloads the lists [1]."
    assert [(c.ref, c.quote) for c in kept.citations] == [(1, SECOND.quote)]


def test_an_answer_every_quote_states_is_left_as_it_is() -> None:
    assert ClaimCheck(ScriptedClaims("mirrors", "upgrade"), 0.5).stated(CHECKED) is CHECKED


def test_nothing_stated_leaves_no_citation() -> None:
    kept = ClaimCheck(ScriptedClaims(), 0.5).stated(CHECKED)
    assert kept.text == "" and kept.citations == [] and len(kept.dropped) == 2


def test_the_bar_is_the_configured_one() -> None:
    # A verdict of 0.9 for the stated sentence is below a bar of 0.95: nothing is left.
    assert ClaimCheck(ScriptedClaims("mirrors", "upgrade"), 0.95).stated(CHECKED).citations == []


# Invented passages and claims, about nothing in any corpus: a claim in another language than
# its quote, and claims that change the quote's figure, its relation or what it is about.
SYNC = "该工具默认每 15 分钟同步一次，可以用 --interval 修改。"
MUSEUM = ("Le musée Halvard ouvre ses portes du mardi au dimanche, de 10 h à 18 h ; l'entrée coûte "
          "12 euros.")
PLANT = ("Ingrid Solberg, the chief executive of Norrvik Foods, opened the company's new plant in "
         "Tampere in March.")


@needs_model
@pytest.mark.slow
@pytest.mark.parametrize(("claim", "quote", "stated"), [
    ("By default the tool syncs every 15 minutes; --interval changes it.", SYNC, True),
    ("By default the tool syncs every hour.", SYNC, False),
    ("The Halvard museum is open from Tuesday to Sunday.", MUSEUM, True),
    ("Ingrid Solberg memimpin perusahaan Tampere Energia.", PLANT, False),
    ("Norrvik Foods opened its new plant in Tampere in May.", PLANT, False),
])
def test_the_model_finds_a_claim_stated_only_where_its_quote_states_it(base_settings, claim,
                                                                       quote, stated) -> None:
    from rag.models.judge import LlamaJudge

    check = ClaimCheck(LlamaJudge(base_settings.models).claim_judge(),
                       base_settings.answer.claim_threshold)
    answer = Checked(f"{claim.rstrip('.')} [1].", [citation(1, quote, 1)])
    assert bool(check.stated(answer).citations) is stated


def test_a_table_row_is_read_under_its_column_names() -> None:
    row = citation(1, "10 ans | 4", 12)
    judge = ScriptedClaims("extra days")
    named = row.model_copy(update={"header": "Ancienneté | Jours supplémentaires"})
    ClaimCheck(judge, 0.5).stated(Checked("After 10 years there are 4 extra days [1].", [named]))
    assert judge.calls[-1][1] == ["Ancienneté | Jours supplémentaires\n10 ans | 4"]
    ClaimCheck(judge, 0.5).stated(Checked("After 10 years there are 4 extra days [1].", [row]))
    assert judge.calls[-1][1] == ["10 ans | 4"]
