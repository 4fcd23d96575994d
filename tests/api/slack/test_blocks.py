"""The Block Kit replies: answer text, checkable sources, feedback buttons, and Slack's limits."""

from __future__ import annotations

from api.slack.blocks import MAX_BLOCKS, QUOTE_CHARS, answer_message, apology_message
from api.slack.mrkdwn import SECTION_LIMIT
from rag.schema import Answer, Citation
from tests.api.slack.replies import action_ids, section_texts, sources


def citation(ref: int, quote: str = "Avocado is fine-tuned from Qwen.", line: int = 15) -> Citation:
    return Citation(ref=ref, file="000_1711ad7f7b3f2517.txt", start_line=line, end_line=line + ref % 2,
                    start_char=10, end_char=10 + len(quote), quote=quote, score=0.8)


def answer(text: str, citations: list[Citation], language: str = "en") -> Answer:
    return Answer(answer=text, abstained=False, language=language, citations=citations,
                  generator="extractive")


def test_an_answer_has_text_sources_and_feedback() -> None:
    message = answer_message(answer("Avocado is fine-tuned from **Qwen** [1] [2].",
                                    [citation(1), citation(2, "Alibaba <Qwen> & co.", 33)]))
    texts = section_texts(message.blocks)
    assert texts[0] == "Avocado is fine-tuned from *Qwen* [1] [2]."
    assert "*Sources*" in texts
    listed = sources(message.blocks)
    assert [(s.ref, s.file, s.start_line, s.end_line) for s in listed] == [
        (1, "000_1711ad7f7b3f2517.txt", 15, 16), (2, "000_1711ad7f7b3f2517.txt", 33, 33)]
    assert listed[1].quote == "Alibaba &lt;Qwen&gt; &amp; co."
    assert "lines 15–16" in texts[2] and "line 33" in texts[3]
    assert action_ids(message.blocks) == ["feedback_helpful", "feedback_not_helpful"]
    assert message.text == texts[0], "the fallback text is the answer"


def test_long_quotes_are_shortened() -> None:
    quote = "Meta is reallocating capital toward AI infrastructure. " * 20
    listed = sources(answer_message(answer("Yes [1].", [citation(1, quote)])).blocks)
    assert len(listed[0].quote) <= QUOTE_CHARS and listed[0].quote.endswith("…")
    assert quote.startswith(listed[0].quote.removesuffix("…"))


def test_an_abstention_says_so_plainly_without_sources() -> None:
    message = answer_message(Answer(answer="The documents do not answer this question.", abstained=True,
                                    language="en", citations=[], generator="none"))
    texts = section_texts(message.blocks)
    assert texts == [":grey_question: The documents do not answer this question."]
    assert not sources(message.blocks) and not any(b["type"] == "divider" for b in message.blocks)
    assert "The documents do not answer this question." in message.text


def test_labels_follow_the_answer_language() -> None:
    message = answer_message(answer("Bloomberg melaporkan [1].", [citation(1)], language="id"))
    texts = section_texts(message.blocks)
    assert "*Sumber*" in texts and "baris 15–16" in texts[2]
    buttons = [e["text"]["text"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [":thumbsup: Membantu", ":thumbsdown: Tidak membantu"]


def test_a_huge_answer_stays_within_slacks_limits() -> None:
    text = "Meta spends heavily on AI infrastructure [1]. " * 5000  # ~230k characters
    message = answer_message(answer(text, [citation(n) for n in range(1, 41)]))
    assert len(message.blocks) <= MAX_BLOCKS
    assert all(len(t) <= SECTION_LIMIT for t in section_texts(message.blocks))
    assert len(message.text) <= 3000
    assert action_ids(message.blocks), "the feedback buttons survive the trimming"
    contexts = [b for b in message.blocks if b["type"] == "context"]
    assert contexts and "and 25 more" in contexts[0]["elements"][0]["text"]


def test_the_apology_is_localized() -> None:
    assert apology_message("fr").text.startswith("Désolé")
    assert apology_message("en").text.startswith("Sorry")
    assert apology_message("xx").text.startswith("Sorry")


def test_a_table_row_is_listed_with_its_column_names() -> None:
    row = citation(1, "10 ans | 4").model_copy(update={"header": "Ancienneté | Jours <supp.>"})
    message = answer_message(answer("Ancienneté: 10 ans; Jours <supp.>: 4 [1]", [row], "fr"))
    text = next(t for t in section_texts(message.blocks) if t.startswith("*[1]*"))
    assert text.split("\n")[0].endswith(" · Ancienneté | Jours &lt;supp.&gt;")
    assert sources(message.blocks)[0].quote == "10 ans | 4"
