"""Questions asked in Slack get answers in their thread, with sources that check out in the corpus."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.api.slack.fake_slack import BOT_USER_ID, FakeSlack
from tests.api.slack.replies import action_ids, quote_is_in_corpus, section_texts, sources
from tests.api.slack.sender import SlackSender, as_mention

pytestmark = pytest.mark.slow

CHANNEL = "CGENERAL01"
DM = "DALICE0001"


def test_a_mention_is_answered_once_in_its_thread_with_checked_sources(
        slack: SlackSender, fake_slack: FakeSlack, corpus_dir: Path) -> None:
    question = fake_slack.user_says(
        CHANNEL, f"<@{BOT_USER_ID}> Which company's open-source model family is Meta's Avocado "
                 "being fine-tuned from?")
    assert slack.send_event(as_mention(question)).status_code == 200

    fake_slack.wait_for("reactions.remove")
    posts = fake_slack.ok_calls("chat.postMessage")
    assert len(posts) == 1
    reply = posts[0].params
    assert reply["channel"] == CHANNEL and reply["thread_ts"] == question["ts"]
    assert any(word in reply["text"].lower() for word in ("qwen", "alibaba", "千問", "阿里巴巴"))
    assert any(word in section_texts(reply["blocks"])[0].lower() for word in ("qwen", "alibaba", "千問"))

    cited = sources(reply["blocks"])
    assert cited, "the reply lists its sources"
    assert all(quote_is_in_corpus(s, corpus_dir) for s in cited), cited
    gold = {"000_1711ad7f7b3f2517.txt": [1, 13, 15, 21, 33, 35], "001_52f91c2df59d381d.txt": [10]}
    assert any(s.covers(line) for s in cited for line in gold.get(s.file, [])), cited
    assert action_ids(reply["blocks"]) == ["feedback_helpful", "feedback_not_helpful"]

    order = [m for m in fake_slack.methods() if m.startswith(("reactions", "chat"))]
    assert order == ["reactions.add", "chat.postMessage", "reactions.remove"]
    added = fake_slack.ok_calls("reactions.add")[0].params
    assert (added["name"], added["timestamp"], added["channel"]) == ("eyes", question["ts"], CHANNEL)
    assert not fake_slack.reactions, "the eyes reaction is gone once the answer is posted"


def test_a_direct_message_is_answered_in_the_askers_language(
        slack: SlackSender, fake_slack: FakeSlack, corpus_dir: Path) -> None:
    question = fake_slack.user_says(
        DM, "Media mana yang melaporkan bahwa model Avocado mungkin dirilis sebagai model tertutup?",
        channel_type="im")
    assert slack.send_event(question).status_code == 200

    reply = fake_slack.wait_for("chat.postMessage")[0].params
    assert reply["channel"] == DM and reply["thread_ts"] == question["ts"]
    texts = section_texts(reply["blocks"])
    assert "*Sumber*" in texts, "the sources header is in Indonesian, like the question"
    cited = sources(reply["blocks"])
    assert cited and all(quote_is_in_corpus(s, corpus_dir) for s in cited)
    assert any(s.file == "000_1711ad7f7b3f2517.txt" and (s.covers(3) or s.covers(23)) for s in cited)


@pytest.mark.parametrize("mention", [False, True], ids=["plain-follow-up", "mentioned-follow-up"])
def test_a_follow_up_in_the_thread_is_answered_with_the_earlier_turns(
        slack: SlackSender, fake_slack: FakeSlack, mention: bool) -> None:
    # The gold conversation q019: alone, "Over what period of time?" cannot be answered.
    first = fake_slack.user_says(
        CHANNEL, f"<@{BOT_USER_ID}> How much has Meta set aside for AI infrastructure in the United States?")
    fake_slack.bot_says(CHANNEL, "$600 billion.", thread_ts=first["ts"])
    text = "Over what period of time?"
    follow_up = fake_slack.user_says(CHANNEL, f"<@{BOT_USER_ID}> {text}" if mention else text,
                                     thread_ts=first["ts"])
    assert slack.send_event(as_mention(follow_up) if mention else follow_up).status_code == 200

    reply = fake_slack.wait_for("chat.postMessage")[0].params
    replies_calls = fake_slack.ok_calls("conversations.replies")
    assert replies_calls and replies_calls[0].params["ts"] == first["ts"]
    assert reply["thread_ts"] == first["ts"]
    cited = sources(reply["blocks"])
    assert any(s.file == "001_52f91c2df59d381d.txt" and s.covers(14) for s in cited), cited


def test_a_question_the_documents_do_not_answer_gets_a_plain_abstention(
        slack: SlackSender, fake_slack: FakeSlack) -> None:
    question = fake_slack.user_says(CHANNEL, f"<@{BOT_USER_ID}> What is the capital of Peru?")
    slack.send_event(as_mention(question))

    reply = fake_slack.wait_for("chat.postMessage")[0].params
    assert "The documents do not answer this question." in reply["text"]
    texts = section_texts(reply["blocks"])
    assert len(texts) == 1 and "The documents do not answer this question." in texts[0]
    assert not sources(reply["blocks"])
    assert not any(b["type"] == "divider" for b in reply["blocks"]), "no sources section"


def test_slack_is_acknowledged_before_the_answer_is_ready(
        slack: SlackSender, fake_slack: FakeSlack) -> None:
    fake_slack.delays["reactions.add"] = 3.0  # the answering side is slow to even start
    question = fake_slack.user_says(DM, "Who is the chief analyst at Omdia?", channel_type="im")
    started = time.monotonic()
    response = slack.send_event(question)
    acked = time.monotonic()
    assert response.status_code == 200
    assert acked - started < 1.5, "Slack needs the acknowledgement within 3 s"

    post = fake_slack.wait_for("chat.postMessage")[0]
    assert post.at - acked > 2.5, "the answer came after the acknowledgement, not before it"


@pytest.mark.parametrize(("text", "expected"), [
    ("", "Ask me a question about the documents"),
    ("Why " * 600, "That question is too long: please keep it under 2000 characters."),
], ids=["bare-mention", "too-long"])
def test_a_bare_mention_or_an_overlong_question_gets_a_hint_not_an_error(
        slack: SlackSender, fake_slack: FakeSlack, text: str, expected: str) -> None:
    question = fake_slack.user_says(CHANNEL, f"<@{BOT_USER_ID}> {text}")
    slack.send_event(as_mention(question))
    reply = fake_slack.wait_for("chat.postMessage")[0].params
    assert reply["thread_ts"] == question["ts"] and reply["text"].startswith(expected)
