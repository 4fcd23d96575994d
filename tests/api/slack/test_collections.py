"""Channels read only their collections: a question in one channel never gets a passage, citation
or file name of a collection mapped to another (RAG_SLACK_CHANNEL_COLLECTIONS)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.audit import AuditLog
from rag import Assistant, Settings
from rag.models.embedder import Embedder
from tests.api.slack.conftest import ServeSlack
from tests.api.slack.fake_slack import BOT_USER_ID, FakeSlack
from tests.api.slack.replies import section_texts, sources
from tests.api.slack.sender import as_mention
from tests.rag.search.test_collections import SECRET, SECRET_QUERIES

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
PUBLIC, HR, OTHER = "CPUBLIC001", "CHRTEAM01", "CRANDOM01"


@pytest.fixture(scope="module")
def scoped_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("slack-collections") / "corpus"
    shutil.copytree(ROOT / "corpus", corpus / "public")
    for name, text in SECRET.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def test_each_channel_reads_only_its_collections(
        serve_slack: ServeSlack, slack_settings: Settings, embedder: Embedder, fake_slack: FakeSlack,
        scoped_corpus: Path, tmp_path: Path) -> None:
    settings = slack_settings.replace(
        corpus_path=scoped_corpus, index_path=tmp_path / "index",
        slack_channel_collections={HR: ["hr"], "*": ["public"]},
        audit_log=tmp_path / "audit" / "audit.jsonl")
    assistant = Assistant(settings, embedder=embedder)
    assistant.index()
    slack = serve_slack(assistant, settings)
    asked = [(channel, query) for query in [*SECRET_QUERIES, "Who leads Meta Superintelligence Labs?"]
             for channel in (PUBLIC, OTHER, HR)]
    for channel, query in asked:
        event = fake_slack.user_says(channel, f"<@{BOT_USER_ID}> {query}")
        assert slack.send_event(as_mention(event)).status_code == 200
    posts = fake_slack.wait_for("chat.postMessage", count=len(asked))
    by_thread = {(p.params["channel"], p.params["thread_ts"]): p.params for p in posts}
    assert len(by_thread) == len(asked)
    hr_answered = 0
    for reply in by_thread.values():
        text = reply["text"] + " ".join(section_texts(reply["blocks"]))
        files = {s.file for s in sources(reply["blocks"])}
        if reply["channel"] == HR:
            assert all(f.startswith("hr/") for f in files), files
            hr_answered += bool(files)
        else:
            assert not any(f.startswith("hr/") for f in files), files
            assert "hr/" not in text and "8,450" not in text and "8.450" not in text
            assert "8 450" not in text and "8,450" not in text
    assert hr_answered >= 4  # the HR channel does get its documents
    lines = AuditLog.from_settings(settings).lines()
    assert len(lines) == len(asked)  # one audit line per answered question
    assert {line["route"] for line in lines} == {"slack"}
    assert {line["key"] for line in lines} == {"slack:UALICE01"}
    for line in lines:
        channel = line["request_id"].split("/")[0]
        assert all(f.startswith("hr/") == (channel == HR) for f in line["cited"]), line
