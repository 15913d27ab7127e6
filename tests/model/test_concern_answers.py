"""Answers to "is anyone at immediate risk of significant harm?", on the trained
model: yes, no and not sure are told apart, in wordings not in the training data."""
from __future__ import annotations

import asyncio

import pytest

ANSWERS = {
    "affirm": ["yes there is a risk", "yes i think someone is"],
    "deny": ["no nobody is at risk", "i dont think so", "no, not right now"],
    "unsure": ["honestly i'm not sure", "i don't really know", "not sure to be honest", "it might be, i can't tell"],
}


@pytest.mark.parametrize("expected, text", [(intent, text) for intent, texts in ANSWERS.items() for text in texts])
def test_the_answer_to_the_significant_harm_question_is_understood(agent, expected, text):
    parsed = asyncio.run(agent.parse_message(text))
    assert parsed["intent"]["name"] == expected, parsed["intent"]


def test_not_being_sure_whether_something_is_a_concern_is_still_the_faq(agent):
    parsed = asyncio.run(agent.parse_message("i'm not sure whether what a pupil said counts as a concern"))
    assert parsed["intent"]["name"] == "faq"
