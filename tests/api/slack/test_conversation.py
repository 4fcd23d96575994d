"""Slack threads become the conversation the pipeline reads."""

from __future__ import annotations

from api.slack.conversation import BotIdentity, clean_text, conversation, thread_turns
from rag.schema import Message

BOT = BotIdentity(user_id="UBOT00001", bot_id="BBOT00001")


def test_clean_text_drops_the_bots_mention_and_undoes_slack_markup() -> None:
    text = ("<@UBOT00001> what did <@UBOB0001|bob> post in <#C123|general> about "
            "<https://x.test/a|the article> &amp; &lt;Avocado&gt; <!here>?")
    assert clean_text(text, BOT.user_id) == \
        "what did @bob post in #general about the article & <Avocado> @here?"
    assert clean_text("<@UBOT00001>", BOT.user_id) == ""


def test_thread_turns_keep_people_and_the_bot_in_order_and_skip_other_bots() -> None:
    replies = [
        {"ts": "100.000001", "user": "UALICE01", "text": "<@UBOT00001> How much did Meta set aside?"},
        {"ts": "100.000003", "user": "UBOT00001", "bot_id": "BBOT00001", "text": "$600 billion [1]."},
        {"ts": "100.000004", "bot_id": "BOTHER", "subtype": "bot_message", "text": "I am another bot"},
        {"ts": "100.000005", "user": "UALICE01", "subtype": "channel_join", "text": "joined"},
        {"ts": "100.000002", "user": "UBOB0001", "text": "good question"},
        {"ts": "100.000009", "user": "UALICE01", "text": "Over what period?"},  # the question itself
        {"ts": "100.000010", "user": "UALICE01", "text": "later message"},
    ]
    turns = thread_turns(replies, before_ts="100.000009", bot=BOT)
    assert turns == [Message(role="user", content="How much did Meta set aside?"),
                     Message(role="user", content="good question"),
                     Message(role="assistant", content="$600 billion [1].")]


def test_timestamps_compare_exactly() -> None:
    replies = [{"ts": "1700000000.000100", "user": "U1", "text": "earlier"},
               {"ts": "1700000000.000099", "user": "U1", "text": "earliest"}]
    turns = thread_turns(replies, before_ts="1700000000.000101", bot=BOT)
    assert [t.content for t in turns] == ["earliest", "earlier"]
    assert thread_turns(replies, before_ts="1700000000.000100", bot=BOT)[0].content == "earliest"


def test_conversation_ends_with_the_question_and_respects_max_turns() -> None:
    history = [Message(role="user" if n % 2 == 0 else "assistant", content=str(n)) for n in range(30)]
    messages = conversation(history, "now?", max_turns=5)
    assert [m.content for m in messages] == ["26", "27", "28", "29", "now?"]
    assert messages[-1].role == "user"
    assert conversation(history, "q", max_turns=1) == [Message(role="user", content="q")]
