"""Both emergency layers together, on the trained model: every urgent message in
tests/safety/ gets `urgent_danger`, and at most 3% of the calm ones do.

The phrase layer alone is tested in tests/assistant/safety/test_urgency.py; here the
NLU intent and the reviewed phrases run as Rasa runs them.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ["urgent.yml", "not_urgent.yml", "urgent_dev.yml", "urgent_new.yml", "urgent_blind2.yml", "urgent_blind3.yml", "urgent_blind4.yml"]


def corpus(key: str) -> list[str]:
    texts = []
    for name in CORPUS:
        data = yaml.safe_load((ROOT / "tests" / "safety" / name).read_text())
        texts += [item["text"] for item in data.get(key) or []]
    return texts


@pytest.fixture(scope="module")
def intents(agent):
    def parse(texts: list[str]) -> dict[str, str]:
        async def run():
            return [await agent.parse_message(t) for t in texts]

        return {t: p["intent"]["name"] for t, p in zip(texts, asyncio.run(run()))}

    return parse


def test_every_urgent_message_in_the_corpus_gets_the_emergency_intent(intents):
    urgent = corpus("urgent")
    assert len(urgent) >= 80
    missed = [t for t, intent in intents(urgent).items() if intent != "urgent_danger"]
    assert missed == []


def test_at_most_3_percent_of_calm_messages_raise_a_false_alarm(intents):
    calm = corpus("not_urgent")
    assert len(calm) >= 200
    alarms = [t for t, intent in intents(calm).items() if intent == "urgent_danger"]
    assert len(alarms) / len(calm) <= 0.03, alarms
