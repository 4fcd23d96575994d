"""The answer judge: its place in the pipeline (with a scripted judge over the real index) and the
real llama judge on the bundled model (slow)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from rag.answer.candidates import rank_candidates
from rag.answer.evidence import evidence_of
from rag.answer.sources import sources_of
from rag.models.judge import LlamaJudge, render_prompt
from rag.schema import Message
from rag.text.question_types import fits_answer_type
from tests.conftest import needs_model
from tests.fakes.judge import ScriptedClaims, ScriptedJudge


def ask(assistant, question: str):
    return assistant.run([Message(role="user", content=question)]).answer


def test_judge_rejecting_every_candidate_makes_the_answer_abstain(judged) -> None:
    judge = ScriptedJudge()  # accepts nothing
    answer = ask(judged(judge), "How much did Meta invest in Scale AI?")
    assert answer.abstained and answer.citations == []
    assert answer.answer == "The documents do not answer this question."
    assert "judge" in answer.timings_ms
    question, sentences = judge.calls[0]
    assert "Scale AI" in question and 1 <= len(sentences) <= 4


def test_the_answer_quotes_the_sentence_the_judge_accepts(judged, assistant) -> None:
    # The judge accepts only the second-ranked candidate: that one is quoted, not the first.
    question = "How much did Meta invest in Scale AI?"
    hits = assistant.search_hits(question, assistant.settings.retrieval.top_k)
    ranked = rank_candidates(assistant.scorer, question,
                             sources_of(hits))
    second = ranked[1].evidence.text
    assert second != ranked[0].evidence.text
    answer = ask(judged(ScriptedJudge(second)), question)
    assert not answer.abstained
    assert [c.quote for c in answer.citations] == [second]


@pytest.mark.parametrize("enough", [None, 0.85])
def test_a_confident_accept_ends_the_judges_reading(make_assistant, assistant, enough) -> None:
    # The judge accepts the second-ranked candidate with 0.9: at `enough` 0.85 it reads no further.
    question = "How much did Meta invest in Scale AI?"
    ranked = rank_candidates(assistant.scorer, question,
                             sources_of(assistant.search_hits(question)))
    second = ranked[1].evidence.text
    judge = ScriptedJudge(second)
    judged = make_assistant(judge, judge="llama", judge_enough=enough)
    judged.index()
    answer = ask(judged, question)
    assert [c.quote for c in answer.citations] == [second]
    offered = len(judge.calls[0][1])
    assert offered > 2 and judge.read == (offered if enough is None else 2)


@pytest.mark.parametrize(("contrast", "enough", "prefers", "quoted"), [
    (2, None, "second", "second"),  # two accepted, none confidently: read side by side
    (2, 0.85, "second", "first"),  # the favourite was a confident accept: no comparison
    (2, None, None, "first"),  # a judge that cannot compare
    (0, None, "second", "first"),  # off (the default)
])
def test_two_accepted_favourites_are_read_side_by_side_on_request(make_assistant, assistant,
                                                                  contrast, enough, prefers,
                                                                  quoted) -> None:
    question = "How much did Meta invest in Scale AI?"
    ranked = rank_candidates(assistant.scorer, question,
                             sources_of(assistant.search_hits(question)))
    texts = {"first": ranked[0].evidence.text, "second": ranked[1].evidence.text}
    judge = ScriptedJudge(*texts.values(), prefers=None if prefers is None else [texts[prefers]])
    judged = make_assistant(judge, judge="llama", judge_enough=enough, judge_contrast=contrast)
    judged.index()
    answer = ask(judged, question)
    assert [c.quote for c in answer.citations] == [texts[quoted]]
    compared = contrast == 2 and enough is None and prefers is not None
    assert judge.compared == ([(texts["first"], texts["second"])] if compared else [])
    assert ("judge_contrast" in answer.timings_ms) == compared


def test_a_failing_judge_leaves_the_generator_to_decide(judged, assistant) -> None:
    judge = ScriptedJudge(fail=True)
    answer = ask(judged(judge), "How much did Meta invest in Scale AI?")
    plain = ask(assistant, "How much did Meta invest in Scale AI?")
    assert judge.calls and not answer.abstained
    assert [c.quote for c in answer.citations] == [c.quote for c in plain.citations]


def test_no_judge_is_consulted_for_extractive_answers_by_default(assistant) -> None:
    assert assistant.settings.answer.judge == "auto"
    assert assistant.generators.judge_for(assistant.generators.get("extractive")) is None
    assert assistant.generators.judge_for(assistant.generators.get("openai")) is None


def test_candidates_fit_the_expected_answer_type(assistant) -> None:
    hits = assistant.search_hits("How much did Meta invest in Scale AI?", 5)
    sources = sources_of(hits)
    ranked = rank_candidates(assistant.scorer, "How much did Meta invest in Scale AI?", sources)
    # Figures in digits or in words ("miliaran dolar") only; the passages hold other sentences too.
    assert ranked and all(fits_answer_type("number", c.evidence.text) for c in ranked)
    assert any(not fits_answer_type("number", e.text) for e in evidence_of(sources) if e.quotable)
    assert [c.rank for c in ranked] == sorted((c.rank for c in ranked), reverse=True)
    assert "14,3 miliar" in ranked[0].evidence.text


@needs_model
@pytest.mark.slow
def test_real_judge_tells_the_answer_from_a_near_miss(base_settings, monkeypatch) -> None:
    from rag.models.llama import shared_model

    judge = LlamaJudge(base_settings.models)
    question = "How much did Meta invest in Scale AI?"
    answer = "Pada Juni 2025, Meta menginvestasikan $14,3 miliar di Scale AI."
    near_miss = "Meta merekrut pendiri Scale AI untuk memimpin laboratorium superintelijen barunya."
    unrelated = "The Rhine flows from the Swiss Alps through Germany into the North Sea."
    p_answer, p_near, p_unrelated = judge.judge(question, [answer, near_miss, unrelated])
    assert p_answer > p_near and p_answer > p_unrelated
    assert p_unrelated < 0.5
    # Deterministic: another judge finds the same figures, although the head now comes from the
    # cache (it is evaluated in the same batches either way, and nothing is sampled)...
    fresh = LlamaJudge(base_settings.models)
    assert fresh.judge(question, [answer, near_miss, unrelated]) == [p_answer, p_near, p_unrelated]
    # ...which is why a judge remembers its verdicts: asked again, it evaluates nothing.
    evaluated = []
    llama = shared_model(base_settings.models).llama
    monkeypatch.setattr(llama, "eval", lambda tokens: evaluated.append(tokens))
    assert judge.judge(question, [unrelated, answer]) == [p_unrelated, p_answer]
    assert evaluated == []
    monkeypatch.undo()
    # A confident verdict ends the reading: the same first verdict, nothing after it.
    assert judge.judge(question, [answer, near_miss, unrelated], enough=p_answer) == [p_answer]
    assert judge.judge(question, [near_miss, answer, unrelated], enough=p_answer) == [p_near, p_answer]


@needs_model
@pytest.mark.slow
def test_real_judge_reading_two_sentences_side_by_side_prefers_the_answer(base_settings,
                                                                          monkeypatch) -> None:
    import rag.models.judge as judge_module

    judge = LlamaJudge(base_settings.models)
    pairs = [  # (question, answer, near miss)
        ("Which key locks the screen?", "Lock Screen | Super+L | Lock the screen",
         "Unlock Keyring | Ctrl+Alt+U | Unlock the keyring"),
        ("Kapan jembatan itu dibuka?", "The bridge opened to traffic in 1937.",
         "The bridge was closed for repairs in 2019."),
        ("哪个命令可以永久删除文件内容？", "To make the contents unrecoverable, use shred.",
         "Note that rm does not make the contents unrecoverable."),
    ]
    preferences = []
    for pair in pairs:
        p = judge.prefer(*pair)
        assert p > 0.5, pair[0]
        # Both orders are read and averaged: the other way round, the complement.
        question, answer, near_miss = pair
        assert judge.prefer(question, near_miss, answer) == pytest.approx(1 - p, abs=0.02)
        preferences.append(p)
    # A comparison is remembered: asked again, nothing is evaluated.
    monkeypatch.setattr(judge_module, "evaluate_branches",
                        lambda *args, **kwargs: pytest.fail("evaluated again"))
    assert [judge.prefer(*pair) for pair in pairs] == preferences


@needs_model
@pytest.mark.slow
def test_prompt_uses_the_models_chat_template(base_settings) -> None:
    from rag.models.llama import shared_model

    model = shared_model(base_settings.models)
    prompt = render_prompt(model)
    assert prompt.head.startswith("<|im_start|>system") and "Nokia" in prompt.head
    assert prompt.head.endswith("Question: ") and prompt.middle.endswith("Passage:\n")
    assert prompt.tail.rstrip().endswith("<|im_start|>assistant")
    # The request comes before the passage: all a further candidate costs is its own tokens and
    # the turn change.
    assert "Reply yes or no" in prompt.middle and "Reply" not in prompt.tail


def test_an_llm_reads_only_the_sentence_the_judge_accepts(make_assistant, corpus_dir) -> None:
    from tests.fakes.openai_server import running_openai_server

    question = "How much did Meta invest in Scale AI?"
    with running_openai_server() as (url, behaviour):
        judge = ScriptedJudge("14,3 miliar")
        assistant = make_assistant(judge, generator="openai", openai_base_url=url, judge="llama")
        assistant.index(corpus_dir)
        answer = assistant.run([Message(role="user", content=question)]).answer
    accepted = [s for s in judge.calls[0][1] if "14,3 miliar" in s]
    prompt = behaviour.requests[0]["messages"][-1]["content"]
    sources = prompt.split("Sources:\n", 1)[1].split("\n\nQuestion:", 1)[0]
    assert sources.split("] ", 1)[1] == accepted[0]  # one source, cut to the accepted sentence
    assert not answer.abstained and [c.quote for c in answer.citations] == accepted


@contextmanager
def answering_through_openai(make_assistant, corpus_dir, reply: str) -> Iterator[Callable[[str], Any]]:
    """Ask through a fake OpenAI endpoint that always says `reply`, with a judge that accepts only
    the Scale AI sentence."""
    from tests.fakes.openai_server import Behaviour, running_openai_server

    with running_openai_server(Behaviour(reply=reply)) as (url, _):
        assistant = make_assistant(ScriptedJudge("14,3 miliar"), generator="openai",
                                   openai_base_url=url, judge="llama")
        assistant.index(corpus_dir)
        yield lambda question: assistant.run([Message(role="user", content=question)]).answer


@pytest.mark.parametrize("reply", ["Meta spent money on lunch [1].", "[2] [2]"])
def test_a_judged_answer_the_llm_garbles_is_quoted(make_assistant, corpus_dir, reply) -> None:
    with answering_through_openai(make_assistant, corpus_dir, reply) as ask_:
        answer = ask_("How much did Meta invest in Scale AI?")
    assert not answer.abstained
    assert answer.generator == "extractive (fallback from openai)"
    assert len(answer.citations) == 1 and "14,3 miliar" in answer.citations[0].quote
    assert "lunch" not in answer.answer


@pytest.mark.parametrize("reply", ["Meta invested 99 dollars in Scale AI [1].",
                                   "Meta invested in Scale AI with Microsoft [1]."])
def test_a_judged_answer_the_llm_answers_from_elsewhere_abstains(make_assistant, corpus_dir,
                                                                  reply) -> None:
    # A figure or a name that neither the accepted sentence nor the question writes: the model
    # supplied the answer itself, which is taken to mean the sentence does not hold it.
    with answering_through_openai(make_assistant, corpus_dir, reply) as ask_:
        answer = ask_("How much did Meta invest in Scale AI?")
    assert answer.abstained and answer.citations == []
    assert answer.generator == "openai"


def test_the_llm_declining_a_judged_sentence_means_quoting_it(make_assistant, corpus_dir) -> None:
    with answering_through_openai(make_assistant, corpus_dir, "NOT_FOUND") as ask_:
        answer = ask_("How much did Meta invest in Scale AI?")
    assert not answer.abstained and answer.generator == "extractive (fallback from openai)"
    assert len(answer.citations) == 1 and "14,3 miliar" in answer.citations[0].quote


def test_a_verified_answer_in_the_passages_language_becomes_a_noted_quote(make_assistant,
                                                                        corpus_dir) -> None:
    # What the bundled model did for an English question: it kept the Indonesian of its source.
    reply = "Meta menginvestasikan $14,3 miliar di Scale AI [1]."
    with answering_through_openai(make_assistant, corpus_dir, reply) as ask_:
        english = ask_("How much did Meta invest in Scale AI?")
        indonesian = ask_("Berapa investasi Meta di Scale AI?")
    assert english.generator == "extractive (fallback from openai)" and english.language == "en"
    assert english.answer.startswith("From the documents (quoted in Indonesian):")
    assert len(english.citations) == 1 and "14,3 miliar" in english.citations[0].quote
    # Asked in Indonesian, the same reply is the model's answer, kept as it wrote it.
    assert indonesian.generator == "openai" and indonesian.answer == reply


def test_the_judge_reads_a_follow_up_before_the_turn_it_follows(judged) -> None:
    judge = ScriptedJudge()
    messages = [Message(role="user", content="How much did Meta invest in Scale AI?"),
                Message(role="assistant", content="$14.3 billion [1]."),
                Message(role="user", content="And when did it do that?")]
    judged(judge).run(messages)
    question, _ = judge.calls[0]
    assert question.startswith("And when did it do that? (Earlier: How much did Meta invest")


def test_a_judged_answer_the_llm_strips_of_every_figure_is_quoted(make_assistant, corpus_dir) -> None:
    # Verbatim from the accepted sentence, so it verifies, but the amount asked for is gone.
    reply = "Meta mengakuisisi pendiri dan CEO Scale [1]."
    with answering_through_openai(make_assistant, corpus_dir, reply) as ask_:
        answer = ask_("Berapa investasi Meta di Scale AI?")
    assert answer.generator == "extractive (fallback from openai)"
    assert "14,3 miliar" in answer.answer and len(answer.citations) == 1


def test_the_llm_reads_a_follow_up_before_the_turn_it_follows(make_assistant, corpus_dir) -> None:
    from tests.fakes.openai_server import running_openai_server

    messages = [Message(role="user", content="How much did Meta invest in Scale AI?"),
                Message(role="assistant", content="$14.3 billion [1]."),
                Message(role="user", content="And when did it do that?")]
    with running_openai_server() as (url, behaviour):
        assistant = make_assistant(ScriptedJudge("14,3 miliar"), generator="openai",
                                   openai_base_url=url, judge="llama")
        assistant.index(corpus_dir)
        assistant.run(messages)
    prompt = behaviour.requests[0]["messages"][-1]["content"]
    assert prompt.split("\n\nQuestion: ", 1)[1].startswith(
        "And when did it do that? (Earlier: How much did Meta invest in Scale AI?")


def test_a_judged_answer_that_only_repeats_the_question_is_quoted(make_assistant, corpus_dir) -> None:
    # What the bundled model wrote for 4 of the 100 gold questions; the checker verifies it, since
    # the question shares the accepted sentence's words.
    question = "Berapa Meta menginvestasikan di Scale AI?"
    with answering_through_openai(make_assistant, corpus_dir, f"{question[:-1]} [1]?") as ask_:
        answer = ask_(question)
    assert answer.generator == "extractive (fallback from openai)"
    assert "14,3 miliar" in answer.answer and len(answer.citations) == 1


@pytest.mark.parametrize(("reply", "kept"), [
    ("Pada 2025 Meta merestrukturisasi upaya AI-nya di bawah Meta Superintelligence Labs [1].", True),
    ("Pada 2025 Meta merestrukturisasi upaya AI-nya di bawah unit baru [1].", False)])
def test_a_judged_answer_the_llm_strips_of_every_name_is_quoted(make_assistant, corpus_dir, reply,
                                                                kept) -> None:
    # Both keep a figure of the accepted sentence (2025); only the first keeps a name it adds.
    with answering_through_openai(make_assistant, corpus_dir, reply) as ask_:
        answer = ask_("Di bawah unit apa Meta merestrukturisasi upaya AI-nya?")
    assert answer.generator == ("openai" if kept else "extractive (fallback from openai)")
    assert "Superintelligence Labs" in answer.answer and len(answer.citations) == 1


def test_candidates_name_the_asked_relation_of_the_asked_holder(assistant) -> None:
    """"Who is the CEO of X?" is not answered by a sentence about X without a chief executive,
    nor by the chief executive of another company; "Its CEO, …" after a sentence naming X is."""
    silent = "Who is the CEO of Hugging Face?"
    sources = sources_of(assistant.search_hits(silent, 5))
    assert any("Hugging Face" in e.text for e in evidence_of(sources) if e.quotable)
    assert rank_candidates(assistant.scorer, silent, sources) == []
    stated = "Siapa CEO Alibaba?"
    ranked = rank_candidates(assistant.scorer, stated, sources_of(assistant.search_hits(stated, 5)))
    assert ranked and all("CEO" in c.evidence.text or "執行長" in c.evidence.text for c in ranked)
    assert any("Wu Yongming" in c.evidence.text for c in ranked)


def test_a_relation_stated_under_a_section_titled_with_its_holder_is_a_candidate(
        make_assistant, tmp_path) -> None:
    """"Who leads the Data Platform team?" is answered by "The team is led by …" in a section
    titled "Data Platform": the title names what the sentence is about, as a sentence before it
    would; the same sentence under another title is not."""
    folder = tmp_path / "teams"
    folder.mkdir()
    (folder / "teams.md").write_text(
        "# Data Platform\n\n## Who we are\n\nThe team is led by Odile Brenner, who joined in 2019."
        " It runs the warehouse and the nightly loads.\n\n# Field Support\n\n## Who we are\n\n"
        "The team is led by Kwame Asante, who joined in 2021. It answers customer calls.\n",
        encoding="utf-8")
    assistant = make_assistant(corpus_path=folder)
    assistant.index()
    question = "Who leads the Data Platform team?"
    ranked = rank_candidates(assistant.scorer, question,
                             sources_of(assistant.search_hits(question, 5)))
    assert [c.evidence.text for c in ranked] == [
        "The team is led by Odile Brenner, who joined in 2019."]


MANUAL = """\
TARP(1)                          User Commands                         TARP(1)

NAME
       tarp - pack and unpack tape archives of a project tree

DESCRIPTION
       Pack  the  files of a project tree into one archive, or unpack one into
       the current directory.  Options are read from left to right,  and  the
       last one of two conflicting options wins.

       -k, --keep-old
              never overwrite an existing file when unpacking an archive into
              the current directory

       -z, --squeeze
              compress the archive with the fastest of the compressors that
              were found when the program was installed
"""


@pytest.mark.parametrize("generator", ["extractive", "openai"])
def test_a_judged_answer_cites_a_manual_option_whole(make_assistant, tmp_path, generator) -> None:
    # The sources a judged answer is checked against are cut to the accepted sentences; they must
    # keep the passage's layout, or a hard-wrapped option and its description split into lines
    # and the quote is a fragment of one line.
    from tests.fakes.openai_server import Behaviour, running_openai_server

    corpus = tmp_path / "manual"
    corpus.mkdir()
    (corpus / "tarp.txt").write_text(MANUAL, encoding="utf-8")
    lines = MANUAL.splitlines()
    first = lines.index("       -k, --keep-old") + 1
    judge = ScriptedJudge("never overwrite")
    with running_openai_server(Behaviour(reply="NOT_FOUND")) as (url, behaviour):
        assistant = make_assistant(judge, generator=generator,
                                   openai_base_url=url, judge="llama", corpus_path=corpus)
        assistant.index(corpus)
        answer = assistant.run([Message(role="user", content=(
            "How do I stop tarp from overwriting existing files as it unpacks?"))]).answer
    assert not answer.abstained
    [citation] = answer.citations
    assert (citation.start_line, citation.end_line) == (first, first + 2)
    assert citation.quote.startswith("-k, --keep-old") and citation.quote.endswith("directory")
    # The models read it as one line, as it is quoted.
    one_line = ("-k, --keep-old never overwrite an existing file when unpacking an archive into the "
                "current directory")
    assert one_line in judge.calls[0][1]
    if generator == "openai":
        prompt = behaviour.requests[0]["messages"][-1]["content"]
        assert f"] {one_line}\n" in prompt


@pytest.mark.parametrize(("reply", "outcome"), [
    ("Use the --keep-old option so that it never overwrites an existing file [1].", "kept"),
    # The option dropped: the judged line is quoted instead.
    ("An option never overwrites an existing file when unpacking an archive into the current "
     "directory [1].", "quoted"),
    # An option the line does not write, supplied by the model: taken for a sign that the
    # documents do not answer (rag.answer.review.Review.invented).
    ("Use -z: it never overwrites an existing file when unpacking an archive into the current "
     "directory [1].", "abstained")])
def test_a_wording_must_keep_the_option_and_invent_none(make_assistant, tmp_path, reply,
                                                         outcome) -> None:
    from tests.fakes.openai_server import Behaviour, running_openai_server

    corpus = tmp_path / "manual"
    corpus.mkdir()
    (corpus / "tarp.txt").write_text(MANUAL, encoding="utf-8")
    with running_openai_server(Behaviour(reply=reply)) as (url, _):
        assistant = make_assistant(ScriptedJudge("never overwrite"), generator="openai",
                                   openai_base_url=url, judge="llama", corpus_path=corpus)
        assistant.index(corpus)
        answer = assistant.run([Message(role="user", content=(
            "How do I stop tarp from overwriting existing files as it unpacks?"))]).answer
    if outcome == "abstained":
        assert answer.abstained and answer.citations == [] and "-z" not in answer.answer
        return
    assert answer.generator == ("openai" if outcome == "kept" else "extractive (fallback from openai)")
    assert "--keep-old" in answer.answer and "-z" not in answer.answer


def test_a_wording_its_quote_does_not_state_is_replaced_by_the_quote(make_assistant,
                                                                    corpus_dir) -> None:
    # The wording verifies against the accepted sentence (same figure, same names), so only the
    # claim check stands between it and the asker.
    from tests.fakes.openai_server import Behaviour, running_openai_server

    reply = "Meta invested $14.3 billion in Scale AI [1]."
    question = "How much did Meta invest in Scale AI?"
    answers = {}
    for stated in (True, False):
        claims = ScriptedClaims("Meta invested" if stated else "nothing of the kind")
        with running_openai_server(Behaviour(reply=reply)) as (url, _):
            assistant = make_assistant(ScriptedJudge("14,3 miliar", claims=claims),
                                       generator="openai", openai_base_url=url, judge="llama")
            assistant.index(corpus_dir)
            answers[stated] = assistant.run([Message(role="user", content=question)]).answer
        assert claims.calls and claims.calls[0][0] == "Meta invested $14.3 billion in Scale AI."
        assert "14,3 miliar" in claims.calls[0][1][0]
    assert answers[True].generator == "openai" and answers[True].answer == reply
    assert "claims" in answers[True].timings_ms
    assert answers[False].generator == "extractive (fallback from openai)"
    assert len(answers[False].citations) == 1 and "14,3 miliar" in answers[False].citations[0].quote
    assert answers[False].answer.startswith("From the documents (quoted in Indonesian):")


def test_the_claim_check_can_be_turned_off(make_assistant, corpus_dir) -> None:
    from tests.fakes.openai_server import Behaviour, running_openai_server

    claims = ScriptedClaims()  # states nothing
    with running_openai_server(Behaviour(reply="Meta invested $14.3 billion in Scale AI [1].")) \
            as (url, _):
        assistant = make_assistant(ScriptedJudge("14,3 miliar", claims=claims), generator="openai",
                                   openai_base_url=url, judge="llama", claim_check="none")
        assistant.index(corpus_dir)
        answer = assistant.run([Message(role="user", content="How much did Meta invest in Scale AI?")])
    assert answer.answer.generator == "openai" and claims.calls == []


def test_a_wording_that_renders_a_chinese_name_in_latin_letters_is_quoted_not_abstained(
        make_assistant, corpus_dir) -> None:
    # The accepted sentence writes the company in Han characters only; the model's English
    # wording names it in Latin letters, which the checker cannot match, so the wording is
    # refused, but as a rendering, not as an answer from elsewhere: the sentence is quoted.
    from tests.fakes.openai_server import Behaviour, running_openai_server

    reply = "Meta's Avocado is built on Alibaba's Qwen models [1]."
    with running_openai_server(Behaviour(reply=reply)) as (url, _):
        assistant = make_assistant(ScriptedJudge("通義千問"), generator="openai",
                                   openai_base_url=url, judge="llama")
        assistant.index(corpus_dir)
        answer = assistant.run([Message(role="user",
                                        content="Which model is Meta's Avocado built on?")]).answer
    assert not answer.abstained
    assert answer.generator == "extractive (fallback from openai)"
    assert len(answer.citations) == 1 and "通義千問" in answer.citations[0].quote
    assert answer.answer.startswith("From the documents (quoted in Chinese):")
