"""On the trained model, a follow-up question is answered from the conversation so
far (the tracker Rasa passes to the NLU pipeline), and a new one is not."""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.channels import UserMessage
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


def parse_after(agent, utter_action, text, audience):
    tracker = DialogueStateTracker.from_events("follow-up", [
        UserUttered("the question before"), ActionExecuted("utter_faq"),
        BotUttered("the answer before", metadata={"utter_action": utter_action}),
    ])
    message = UserMessage(text, sender_id="follow-up", metadata={"audience": audience})
    return asyncio.run(agent.processor.parse_message(message, tracker))


@pytest.mark.parametrize("before, text, audience, topic", [
    ("utter_faq/anti_terrorist_hotline", "and the normal police number for stuff that isn't urgent?", "parent",
     "faq/helplines"),
    ("utter_faq/staff_dfe_helpline", "can i email them instead", "staff", "faq/staff_dfe_helpline"),
    ("utter_faq/referral_numbers", "how many of them are under 18", "staff", "faq/referral_numbers"),
    ("utter_faq/staff_significant_harm", "and if it's after hours?", "staff", "faq/staff_significant_harm"),
])
def test_a_follow_up_is_answered_on_the_topic_of_the_answer_before(agent, before, text, audience, topic):
    parsed = parse_after(agent, before, text, audience)
    assert parsed["intent"]["name"] == "faq", parsed["intent"]
    assert parsed["response_selector"]["faq"]["response"]["intent_response_key"] == topic


@pytest.mark.parametrize("text", ["and if it's after hours?", "who else do I tell?",
                                  "what's the number for children's social care?"])
def test_on_the_child_protection_route_a_question_about_who_else_is_its_next_step(agent, text):
    parsed = parse_after(agent, "utter_concern_significant_harm", text, "staff")
    assert parsed["intent"]["name"] == "concern_next", parsed["intent"]


def test_a_follow_up_about_something_else_is_still_out_of_scope(agent):
    parsed = parse_after(agent, "utter_faq/staff_dfe_helpline", "and when's the next inset day?", "staff")
    assert parsed["intent"]["name"] == "out_of_scope"


def test_the_same_words_with_no_answer_before_are_not_guessed(agent):
    parsed = asyncio.run(agent.processor.parse_message(
        UserMessage("can i email them instead", sender_id="new", metadata={"audience": "staff"})))
    assert parsed["intent"]["name"] != "faq"
