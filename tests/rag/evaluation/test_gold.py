"""The committed gold set is valid against the corpus, and the validator catches each defect."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from rag.errors import GoldError
from rag.evaluation.gold import GoldItem, fact_matches, load_gold, validate_gold
from rag.schema import Message

ROOT = Path(__file__).parents[3]
GOLD = ROOT / "eval" / "gold.jsonl"
CORPUS = ROOT / "corpus"
DUPLICATED = "000_1711ad7f7b3f2517.txt"  # lines 1-17 are repeated verbatim as 21-37


@pytest.fixture(scope="module")
def gold() -> list[GoldItem]:
    return load_gold(GOLD)


# --- the committed gold set -------------------------------------------------------------------


def test_committed_gold_is_valid(gold: list[GoldItem]) -> None:
    assert validate_gold(gold, CORPUS) == []


def test_gold_counts(gold: list[GoldItem]) -> None:
    assert len(gold) >= 80
    by_lang = Counter(item.lang for item in gold)
    assert set(by_lang) == {"en", "id", "zh", "fr"}
    assert min(by_lang.values()) >= 15, by_lang
    assert sum(not item.answerable for item in gold) >= 15
    assert sum(item.messages is not None for item in gold) >= 8


def test_every_corpus_file_is_well_supported(gold: list[GoldItem]) -> None:
    per_file = Counter(name for item in gold for name in item.support)
    for path in sorted(CORPUS.glob("*.txt")):
        assert per_file[path.name] >= 8, (path.name, per_file[path.name])


def test_multi_turn_items_cover_every_language(gold: list[GoldItem]) -> None:
    langs = {item.lang for item in gold if item.messages is not None}
    assert langs == {"en", "id", "zh", "fr"}
    for item in gold:
        if item.messages is not None:
            assert len(item.messages) >= 3, item.id
            assert item.messages[-1].role == "user"


def test_duplicated_passage_lists_both_copies(gold: list[GoldItem]) -> None:
    lines = (CORPUS / DUPLICATED).read_text(encoding="utf-8").split("\n")
    assert lines[0:17] == lines[20:37]  # the premise of this test
    for item in gold:
        listed = set(item.support.get(DUPLICATED, []))
        for n in listed:
            if 1 <= n <= 17:
                assert n + 20 in listed, (item.id, n)
            if 21 <= n <= 37:
                assert n - 20 in listed, (item.id, n)


def test_unanswerable_items_carry_no_facts(gold: list[GoldItem]) -> None:
    for item in gold:
        if not item.answerable:
            assert item.facts == [] and item.support == {}, item.id
            assert item.question, item.id


# --- validate_gold on hand-made defects -------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(
        "Meta invested $14,3 miliar in Scale AI.\nAvocado launches in spring 2026.\n"
        "Same line.\nSame line.\n",
        encoding="utf-8",
    )
    return root


def _item(**overrides: object) -> GoldItem:
    data: dict[str, object] = {
        "id": "q1",
        "lang": "en",
        "question": "How much did Meta invest in Scale AI?",
        "facts": [["14[.,]3"], ["scale ai"]],
        "support": {"a.txt": [1]},
    }
    data.update(overrides)
    return GoldItem.model_validate(data)


def _one_problem(items: list[GoldItem], corpus: Path, needle: str) -> None:
    problems = validate_gold(items, corpus)
    assert any(needle in p for p in problems), problems


def test_good_item_is_valid(corpus: Path) -> None:
    assert validate_gold([_item()], corpus) == []


def test_missing_support_file(corpus: Path) -> None:
    _one_problem([_item(support={"nope.txt": [1]})], corpus, "does not exist")


def test_support_path_cannot_escape_corpus(corpus: Path) -> None:
    _one_problem([_item(support={"../corpus/a.txt": [1]})], corpus, "does not exist")


@pytest.mark.parametrize("line", [0, 5, 99])
def test_out_of_range_line(corpus: Path, line: int) -> None:
    _one_problem([_item(support={"a.txt": [1, line]})], corpus, "outside the file")


def test_unmatched_fact_group(corpus: Path) -> None:
    _one_problem([_item(facts=[["14[.,]3"], ["openai"]])], corpus, "facts[1]")


def test_fact_on_another_line_is_unmatched(corpus: Path) -> None:
    _one_problem([_item(facts=[["2026"]])], corpus, "matches none of its support lines")


def test_bad_regex(corpus: Path) -> None:
    _one_problem([_item(facts=[["14[.,3"]])], corpus, "does not compile")


def test_duplicate_id(corpus: Path) -> None:
    _one_problem([_item(), _item()], corpus, "duplicate id")


def test_last_turn_not_user(corpus: Path) -> None:
    messages = [
        {"role": "user", "content": "How much did Meta invest in Scale AI?"},
        {"role": "assistant", "content": "$14.3 billion."},
    ]
    _one_problem([_item(question=None, messages=messages)], corpus, "not the user")


def test_question_and_messages_are_exclusive(corpus: Path) -> None:
    both = _item(messages=[{"role": "user", "content": "Hi?"}])
    neither = _item(id="q2", question=None)
    problems = validate_gold([both, neither], corpus)
    assert sum("exactly one of" in p for p in problems) == 2, problems


def test_unknown_language(corpus: Path) -> None:
    _one_problem([_item(lang="de")], corpus, "lang 'de'")


def test_answerable_needs_facts_and_support(corpus: Path) -> None:
    _one_problem([_item(facts=[], support={})], corpus, "has no facts")
    _one_problem([_item(facts=[], support={})], corpus, "has no support")


def test_unanswerable_must_not_have_facts(corpus: Path) -> None:
    _one_problem([_item(answerable=False)], corpus, "must not have facts")
    assert validate_gold([_item(answerable=False, facts=[], support={})], corpus) == []


def test_duplicated_line_must_list_every_copy(corpus: Path) -> None:
    item = _item(facts=[["same"]], support={"a.txt": [3]})
    _one_problem([item], corpus, "duplicated at [4]")
    assert validate_gold([_item(facts=[["same"]], support={"a.txt": [3, 4]})], corpus) == []


# --- load_gold ---------------------------------------------------------------------------------


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reports_line_of_bad_json(tmp_path: Path) -> None:
    good = json.dumps(_item().model_dump(exclude_none=True))
    path = _write(tmp_path, [good, "", '{"id": "q2", "lang": '])
    with pytest.raises(GoldError, match=r"gold\.jsonl:3: invalid JSON"):
        load_gold(path)


def test_load_gold_reports_line_of_schema_error(tmp_path: Path) -> None:
    good = json.dumps(_item().model_dump(exclude_none=True))
    bad = json.dumps({"id": "q2", "lang": "en", "question": "?", "facts": "14.3"})
    with pytest.raises(GoldError, match=r"gold\.jsonl:2: schema error: facts"):
        load_gold(_write(tmp_path, [good, bad]))


def test_load_gold_rejects_unknown_keys_and_non_objects(tmp_path: Path) -> None:
    typo = json.dumps({"id": "q1", "lang": "en", "question": "?", "fact": [["x"]]})
    with pytest.raises(GoldError, match=r":1: schema error: fact"):
        load_gold(_write(tmp_path, [typo]))
    with pytest.raises(GoldError, match=r":1: expected a JSON object"):
        load_gold(_write(tmp_path, ["[1, 2]"]))


def test_load_gold_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="cannot read"):
        load_gold(tmp_path / "absent.jsonl")


def test_gold_error_is_a_value_error() -> None:
    assert issubclass(GoldError, ValueError)


# --- GoldItem helpers --------------------------------------------------------------------------


def test_final_question_and_conversation() -> None:
    single = _item()
    assert single.final_question == "How much did Meta invest in Scale AI?"
    assert single.conversation == [Message(role="user", content=single.final_question)]
    turns = [
        {"role": "user", "content": "Which company did Meta invest in?"},
        {"role": "assistant", "content": "Scale AI."},
        {"role": "user", "content": "How much?"},
    ]
    multi = _item(question=None, messages=turns)
    assert multi.final_question == "How much?"
    assert [m.role for m in multi.conversation] == ["user", "assistant", "user"]


# --- fact_matches -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "text", "expected"),
    [
        ([["14[.,]3"], ["scale ai"]], "Meta put $14.3 billion into Scale AI.", True),
        ([["14[.,]3"], ["scale ai"]], "Meta menginvestasikan $14,3 miliar di SCALE AI", True),
        ([["14[.,]3"], ["scale ai"]], "Meta put $14.3 billion into it.", False),
        ([["glasses", "kacamata", "lunettes", "眼鏡", "眼镜"]], "智能眼镜", True),
        ([["glasses", "kacamata", "lunettes"]], "a VR headset", False),
        ([[r"(?<!\d)600(?!\d)"]], "$600 milliards", True),
        ([[r"(?<!\d)60(?!\d)"]], "$600 milliards", False),
        ([["ZUCKERBERG|祖克柏"]], "Mark Zuckerberg said", True),
        ([], "anything", True),
        ([[]], "anything", False),
    ],
)
def test_fact_matches(facts: list[list[str]], text: str, expected: bool) -> None:
    assert fact_matches(facts, text) is expected


def test_fact_matches_raises_on_bad_regex() -> None:
    with pytest.raises(re.error):
        fact_matches([["("]], "text")


def test_committed_facts_match_their_own_support(gold: list[GoldItem]) -> None:
    """A citation of every support line together satisfies every fact group."""
    for item in gold:
        if not item.answerable:
            continue
        text = "\n".join(
            (CORPUS / name).read_text(encoding="utf-8").split("\n")[n - 1]
            for name, numbers in item.support.items()
            for n in numbers
        )
        assert fact_matches(item.facts, text), item.id
