"""Settings in sections under the same flat RAG_ variables."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from rag import tuning
from rag.settings import Settings, _flat_names, variable_name


def test_each_variable_fills_its_section(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_TOP_K", "7")
    monkeypatch.setenv("RAG_JUDGE_THRESHOLD", "0.6")
    monkeypatch.setenv("RAG_SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("RAG_QUERY_TRANSLATION_LANGUAGES", '["zh", "fr"]')
    monkeypatch.setenv("RAG_RETRIEVAL_MODE", "dense")
    s = Settings()
    assert s.retrieval.top_k == 7 and s.retrieval.retrieval_mode == "dense"
    assert s.answer.judge_threshold == 0.6
    assert s.slack.bot_token == "xoxb-1"
    assert s.retrieval.query_translation_languages == ["zh", "fr"]


def test_defaults_of_tuned_numbers_come_from_the_tuning_module(monkeypatch) -> None:
    monkeypatch.delenv("RAG_JUDGE_THRESHOLD", raising=False)
    monkeypatch.delenv("RAG_JUDGE_CANDIDATES", raising=False)
    s = Settings()
    assert (s.answer.judge_threshold, s.answer.judge_candidates) == \
        (tuning.JUDGE_THRESHOLD, tuning.JUDGE_CANDIDATES)


def test_flat_names_route_to_sections_and_the_rest_reads_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("RAG_MAX_TURNS", "9")
    s = Settings(top_k=3, index_path="/tmp/somewhere", slack_app_token="xapp-1")
    assert s.retrieval.top_k == 3 and s.index.index_path == Path("/tmp/somewhere")
    assert s.slack.app_token == "xapp-1" and s.api.max_turns == 9


def test_replace_changes_only_what_it_names_and_validates_it() -> None:
    s = Settings(top_k=3, generator="extractive")
    t = s.replace(index_path="/tmp/other", judge="llama")
    assert s.answer.judge != t.answer.judge or s.answer.judge == "llama"
    assert isinstance(t.index.index_path, Path) and t.answer.judge == "llama"
    assert t.retrieval.top_k == 3 and t.answer.generator == "extractive"
    with pytest.raises(ValidationError):
        s.replace(top_k="many")


def test_an_unknown_setting_is_refused() -> None:
    with pytest.raises(TypeError, match="topk"):
        Settings(topk=3)


def test_no_two_sections_claim_the_same_variable() -> None:
    names = [n for cls in Settings.SECTIONS.values() for n in _flat_names(cls)]
    assert len(names) == len(set(names))


def test_a_bad_value_names_its_variable(monkeypatch) -> None:
    monkeypatch.setenv("RAG_SLACK_API_URL", "x")
    monkeypatch.setenv("RAG_MAX_TURNS", "lots")
    with pytest.raises(ValidationError) as error:
        Settings()
    assert variable_name(error.value.title, "max_turns") == "RAG_MAX_TURNS"
    assert variable_name("SlackSettings", "bot_token") == "RAG_SLACK_BOT_TOKEN"


def test_the_redis_url_has_a_variable_of_its_own(monkeypatch) -> None:
    """RAG_REDIS_URL, not RAG_SLACK_REDIS_URL, though the Slack bot is what reads it."""
    monkeypatch.setenv("RAG_SLACK_REDIS_URL", "redis://not-this")
    monkeypatch.setenv("RAG_REDIS_URL", "redis://shared:6379/0")
    s = Settings()
    assert s.slack.redis_url == "redis://shared:6379/0"
    assert s.replace(slack_bot_token="xoxb-1").slack.redis_url == "redis://shared:6379/0"
    assert s.replace(redis_url=None).slack.redis_url is None
    assert variable_name("SlackSettings", "redis_url") == "RAG_REDIS_URL"
