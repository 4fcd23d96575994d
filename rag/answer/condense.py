"""Turning a conversation into one standalone search query.

A follow-up ("and how much did it invest there?") names nothing; the turns before it do. Without an
LLM in the loop (it would cost seconds per question here), the query is the follow-up joined to the
previous user question and the gist of the previous answer, which is what dense and lexical
retrieval need: the entities. A question that stands on its own is used as it is.
"""

from __future__ import annotations

from rag.answer.citations import MARKER
from rag.schema import Message
from rag.text.cjk import han_count
from rag.text.lexicons import pattern
from rag.text.question_types import expected_answer_type

_SHORT = 6
"""A question of this many words or fewer rarely stands alone once a conversation has begun."""


def is_follow_up(question: str) -> bool:
    words = question.split()
    han = han_count(question)
    short = (len(words) <= _SHORT) if han == 0 else han <= 10
    return bool(pattern("anaphora").search(question)) or short


def condense(messages: list[Message], answer_chars: int = 200, question_first: bool = False) -> str:
    """The standalone query for retrieval: earlier turn, gist of its answer, then the follow-up.

    `question_first` puts the follow-up first and the earlier turn after it as context, which is
    how the answer judge must read it: given the turns in order, it took the earlier question for
    the one to answer and accepted the sentence that had answered it (a gold conversation)."""
    question = messages[-1].content.strip()
    earlier = messages[:-1]
    if not earlier or not is_follow_up(question):
        return question
    previous_user = next((m.content for m in reversed(earlier) if m.role == "user"), "")
    previous_answer = next((m.content for m in reversed(earlier) if m.role == "assistant"), "")
    gist = MARKER.sub("", previous_answer)[:answer_chars]
    context = " ".join(p.strip() for p in (previous_user, gist) if p.strip())
    if question_first:
        return f"{question} (Earlier: {context})" if context else question
    return f"{context} {question}" if context else question


def asked_kind(messages: list[Message]) -> str | None:
    """The kind of answer the conversation asks for (rag.text.question_types), read from what the
    user wrote: the follow-up's own kind, else the one of its user turns together. The assistant's
    words ask nothing: "one subfolder per version" in an answer made "And on a Mac?" a question
    for a number."""
    question = messages[-1].content.strip()
    users = [m for m in messages if m.role == "user"]
    return expected_answer_type(question) or expected_answer_type(
        condense(users, answer_chars=0, question_first=True))
