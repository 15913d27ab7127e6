"""A conversation has at most `max_messages_per_conversation` messages; emergencies always run."""
from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered

from assistant.runtime import conversation_length
from assistant.runtime.channel import GatewayInput
from assistant.runtime.tracker_store import CachedSQLTrackerStore

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = Domain.load(ROOT / "domain.yml")


def run(coroutine):
    return asyncio.run(coroutine)


def agent_with(store, sender: str, messages: int):
    async def fill():
        tracker = await store.get_or_create_tracker(sender)
        for n in range(messages):
            tracker.update(UserUttered(f"question {n}", {"name": "faq", "confidence": 0.9}))
            tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)

    run(fill())
    return SimpleNamespace(tracker_store=FailSafeTrackerStore(store), domain=DOMAIN)


@pytest.fixture(params=["cached SQL", "in memory"])
def store(request, tmp_path):
    if request.param == "cached SQL":
        return CachedSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 't.db'}")
    return InMemoryTrackerStore(DOMAIN)


def test_below_the_limit_the_turn_runs(store):
    agent = agent_with(store, "c1", 2)
    assert run(conversation_length.over_limit(agent, "c1", "what is channel", limit=3)) is False


def test_at_the_limit_the_turn_does_not_run(store):
    agent = agent_with(store, "c1", 3)
    assert run(conversation_length.over_limit(agent, "c1", "what is channel", limit=3)) is True
    assert run(conversation_length.over_limit(agent, "another", "what is channel", limit=3)) is False


@pytest.mark.parametrize("text", ["he has a knife and says he will hurt people", "my son says he is going to blow up the school today"])
def test_an_emergency_runs_whatever_the_count(store, text):
    agent = agent_with(store, "c1", 5)
    assert conversation_length.always_runs(text)
    assert run(conversation_length.over_limit(agent, "c1", text, limit=3)) is False


def test_a_limit_of_zero_is_no_limit(store):
    agent = agent_with(store, "c1", 5)
    assert run(conversation_length.over_limit(agent, "c1", "hello", limit=0)) is False


def test_the_reply_comes_from_the_domain_and_gives_999_and_the_way_out():
    reply = conversation_length.full_reply(DOMAIN)
    domain_text = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]["utter_conversation_full"][0]["text"]
    assert reply == {"text": domain_text, "response": "utter_conversation_full"}
    assert "999" in reply["text"] and "Start again" in reply["text"]


def test_the_channel_reads_its_limit_from_credentials_yml():
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())["assistant.runtime.channel.GatewayInput"]
    channel = GatewayInput.from_credentials(credentials)
    assert channel.max_messages_per_conversation == credentials["max_messages_per_conversation"] >= 50
    assert GatewayInput.from_credentials(None).max_messages_per_conversation == 0


def test_a_model_without_the_response_still_gets_the_domain_files_sentence():
    reply = conversation_length.full_reply(None)
    domain_text = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]["utter_conversation_full"][0]["text"]
    assert reply == {"text": domain_text, "response": "utter_conversation_full"}
