"""Two bot replicas behind one Request URL: real `rag serve` processes with the Slack routes, given
the same deliveries (a Slack retry reaching the other replica; a mention's `app_mention` and
`message` events split between them). Sharing a real redis-server through RAG_REDIS_URL, they answer
once between them; without it each answers, which is what the shared memory is for.

Each replica gets its own copy of the session's index, so the processes only share Redis and the
fake Slack. The generator is the extractive one: no language model is loaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

from api.slack.dedupe import REDIS_PREFIX
from rag.assistant import Assistant
from tests.api.slack.fake_slack import BOT_TOKEN, BOT_USER_ID, FakeSlack
from tests.api.slack.redis_server import needs_redis, running_redis
from tests.api.slack.sender import SIGNING_SECRET, SlackSender, as_mention
from tests.conftest import CORPUS, data_dir, free_port

pytestmark = [pytest.mark.slow, needs_redis]

RAG = Path(sys.executable).with_name("rag")
START_TIMEOUT_S = 240
DM = "DALICE0001"
QUESTION = "When did Alibaba release the first generation of Qwen?"


@dataclass
class Replica:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_replica(index: Path, folder: Path, fake: FakeSlack, redis_url: str | None) -> Replica:
    """`rag serve` with the Slack routes, pointed at the fake Slack (and Redis when given)."""
    port = free_port()
    env = {**os.environ, "RAG_CORPUS_PATH": str(CORPUS), "RAG_GENERATOR": "extractive",
           "RAG_DATA_DIR": str(data_dir()), "RAG_API_KEY": "", "RAG_CHROMA_URL": "",
           "RAG_SLACK_BOT_TOKEN": BOT_TOKEN, "RAG_SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "RAG_SLACK_API_URL": fake.api_url, "RAG_REDIS_URL": redis_url or ""}
    log = folder / f"replica-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(RAG), "--index-path", str(index), "serve", "--port", str(port)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    return Replica(f"http://127.0.0.1:{port}", process, log)


def wait_ready(replica: Replica, deadline: float) -> None:
    while True:
        if replica.process.poll() is not None:
            pytest.fail(f"a replica exited early:\n{replica.output()}")
        try:
            if httpx.get(f"{replica.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"a replica did not become ready:\n{replica.output()}")
        time.sleep(0.5)


def stop(replica: Replica) -> None:
    if replica.process.poll() is None:
        replica.process.terminate()
        try:
            replica.process.wait(30)
        except subprocess.TimeoutExpired:
            replica.process.kill()
            replica.process.wait()


@contextmanager
def replicas(assistant: Assistant, fake: FakeSlack, folder: Path,
             redis_url: str | None) -> Iterator[list[SlackSender]]:
    """Two replicas, started side by side; yields a Slack sender for each."""
    with ExitStack() as stack:
        started = []
        for n in range(2):
            index = folder / f"index-{n}"
            shutil.copytree(assistant.settings.index.index_path, index)
            replica = start_replica(index, folder, fake, redis_url)
            stack.callback(stop, replica)
            started.append(replica)
        deadline = time.monotonic() + START_TIMEOUT_S
        senders = []
        for replica in started:
            wait_ready(replica, deadline)
            senders.append(stack.enter_context(closing(SlackSender(replica.url))))
        yield senders


@pytest.fixture(scope="module")
def shared_redis() -> Iterator[str]:
    with running_redis() as server:
        yield server.url


@pytest.fixture(scope="module")
def sharing(assistant: Assistant, fake_slack_server: FakeSlack, shared_redis: str,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[SlackSender]]:
    with replicas(assistant, fake_slack_server, tmp_path_factory.mktemp("sharing"),
                  shared_redis) as senders:
        yield senders


def deliver(*deliveries: tuple[SlackSender, dict, str | None, int | None]) -> None:
    """Post the deliveries at the same moment, as Slack may: (replica, event, event_id, retry)."""
    with ThreadPoolExecutor(max_workers=len(deliveries)) as pool:
        responses = list(pool.map(lambda d: d[0].send_event(d[1], event_id=d[2], retry_num=d[3]),
                                  deliveries))
    assert [r.status_code for r in responses] == [200] * len(deliveries)


def test_without_redis_each_replica_answers_the_same_event(
        assistant: Assistant, fake_slack: FakeSlack, tmp_path: Path) -> None:
    """The control: what the shared memory prevents, so the tests below can fail. First, and with
    replicas of its own stopped at its end, so that no more than two run at once."""
    with replicas(assistant, fake_slack, tmp_path, None) as alone:
        question = fake_slack.user_says(DM, QUESTION, channel_type="im")
        deliver((alone[0], question, "EvALONE0001", None), (alone[1], question, "EvALONE0001", 1))

        replies = fake_slack.wait_for("chat.postMessage", count=2)
        assert {r.params["thread_ts"] for r in replies} == {question["ts"]}
        fake_slack.visible_actions_after()  # both are done before the next test empties the fake


def test_one_event_delivered_to_both_replicas_gets_one_reply(
        sharing: list[SlackSender], fake_slack: FakeSlack, shared_redis: str) -> None:
    question = fake_slack.user_says(DM, QUESTION, channel_type="im")
    # The first delivery reaches one replica; Slack's retry of it reaches the other.
    deliver((sharing[0], question, "EvREPLICA001", None), (sharing[1], question, "EvREPLICA001", 1))

    fake_slack.wait_for("reactions.remove")
    fake_slack.visible_actions_after()
    replies = fake_slack.calls_to("chat.postMessage")
    assert len(replies) == 1 and replies[0].params["thread_ts"] == question["ts"]
    assert len(fake_slack.calls_to("reactions.add")) == 1
    with redis.Redis.from_url(shared_redis) as client:
        assert client.exists(f"{REDIS_PREFIX}event:EvREPLICA001"), "the claim is in the shared Redis"


def test_a_mention_split_across_replicas_as_two_events_gets_one_reply(
        sharing: list[SlackSender], fake_slack: FakeSlack, shared_redis: str) -> None:
    """A mention in a DM comes as `message` and as `app_mention`, and both routes answer it."""
    message = fake_slack.user_says(DM, f"<@{BOT_USER_ID}> {QUESTION}", channel_type="im")
    # Different event ids, one message ts: only the claim on channel+ts can tell them apart.
    deliver((sharing[0], message, None, None), (sharing[1], as_mention(message), None, None))

    fake_slack.wait_for("reactions.remove")
    fake_slack.visible_actions_after()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    with redis.Redis.from_url(shared_redis) as client:
        assert client.exists(f"{REDIS_PREFIX}message:{DM}:{message['ts']}")
