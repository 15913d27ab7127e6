"""Follow-up questions are read with the answer before them (assistant/nlu/follow_up.py
with data/follow_ups.yml)."""
from pathlib import Path

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.follow_up import FOLLOW_UP, FollowUp, FollowUpRules, previous_answer

ROOT = Path(__file__).resolve().parents[3]
RULES = FollowUpRules.load(str(ROOT / "data/follow_ups.yml"), str(ROOT / "data/faq_topics.yml"))


def tracker_after(utter_action):
    return DialogueStateTracker.from_events("t", [
        UserUttered("what is the anti terrorist hotline number"),
        ActionExecuted("utter_faq"),
        BotUttered("The Anti-Terrorist Hotline ...", metadata={"utter_action": utter_action}),
    ])


def message(text, intent="nlu_fallback", ranking=(), confidence=0.2, audience="parent", **extra):
    rows = [{"intent_response_key": f"faq/{t}", "confidence": c} for t, c in ranking]
    data = {"text": text, "metadata": {"audience": audience}, "intent": {"name": intent, "confidence": confidence},
            "response_selector": {"faq": {"response": {"confidence": rows[0]["confidence"] if rows else 0.0},
                                          "ranking": rows}}}
    data.update(extra)
    return Message(data=data)


def run(msg, tracker):
    component = FollowUp({**FollowUp.get_default_config(), "rules_file": str(ROOT / "data/follow_ups.yml"),
                          "topics_file": str(ROOT / "data/faq_topics.yml")})
    return component.process([msg], tracker)[0]


def chosen(msg):
    return msg.get("response_selector")["faq"]["response"]["intent_response_key"]


@pytest.mark.parametrize("text", ["and the normal police number for stuff that isn't urgent?",
                                  "can i email them instead", "ok and the most recent year?",
                                  "what about if it's after hours"])
def test_short_messages_that_open_or_refer_back_are_follow_ups(text):
    assert RULES.is_follow_up(text)


@pytest.mark.parametrize("text", ["what is channel", "/affirm",
                                  "and I would like to know everything about how the whole Prevent process works "
                                  "from start to finish in Luton for our family please"])
def test_a_new_question_or_a_long_message_is_not_a_follow_up(text):
    assert not RULES.is_follow_up(text)


def test_the_previous_answer_is_the_first_reply_after_the_last_user_message():
    assert previous_answer(tracker_after("utter_faq/anti_terrorist_hotline")) == "utter_faq/anti_terrorist_hotline"
    assert previous_answer(DialogueStateTracker.from_events("t", [UserUttered("hi")])) is None
    assert previous_answer(None) is None


def test_a_doubtful_follow_up_gets_a_related_topic_of_the_previous_answer():
    msg = run(message("and the normal police number?", ranking=[("nspcc_helpline", 0.25), ("helplines", 0.2)]),
              tracker_after("utter_faq/anti_terrorist_hotline"))
    assert msg.get("intent")["name"] == "faq"
    assert chosen(msg) == "faq/helplines"
    assert msg.get(FOLLOW_UP) == "anti_terrorist_hotline"


def test_a_follow_up_with_nothing_better_is_answered_from_the_previous_topic():
    msg = run(message("can i email them instead", ranking=[("nspcc_helpline", 0.22)], audience="staff"),
              tracker_after("utter_faq/staff_dfe_helpline"))
    assert chosen(msg) == "faq/staff_dfe_helpline"


def test_a_strong_other_topic_wins_over_the_previous_one():
    msg = run(message("and what is channel?", intent="faq", ranking=[("what_is_channel", 0.45)], confidence=0.9),
              tracker_after("utter_faq/staff_dfe_helpline"))
    assert chosen(msg) == "faq/what_is_channel"


@pytest.mark.parametrize("intent, extra", [("urgent", {}), ("affirm", {}), ("nlu_fallback", {"step_answer": "deny"}),
                                           ("nlu_fallback", {"urgent_pattern": "weapon_now"})])
def test_emergencies_steps_and_other_intents_are_never_touched(intent, extra):
    msg = run(message("and he has a knife with him", intent=intent, ranking=[("helplines", 0.2)], **extra),
              tracker_after("utter_faq/anti_terrorist_hotline"))
    assert msg.get("intent")["name"] == intent
    assert msg.get(FOLLOW_UP) is None


def test_without_a_previous_answer_nothing_changes():
    msg = run(message("and the normal police number?", ranking=[("helplines", 0.2)]),
              DialogueStateTracker.from_events("t", []))
    assert msg.get("intent")["name"] == "nlu_fallback"


def test_a_parent_is_not_given_a_topic_written_for_staff():
    assert not RULES.allowed("staff_curriculum_values", "parent")
    msg = run(message("and do schools teach that", ranking=[("staff_curriculum_values", 0.4)]),
              tracker_after("utter_faq/british_values"))
    assert chosen(msg) != "faq/staff_curriculum_values"


@pytest.mark.parametrize("text", ["999 called, DSL has him in her office with the door shut. Who else?",
                                  "yes. what's the number for children's social care?",
                                  "It's gone six now, nobody will answer a daytime number",
                                  "Got it. Just so I'm clear, this one doesn't go through the early help route?"])
@pytest.mark.parametrize("after", ["utter_urgent", "utter_concern_significant_harm",
                                   "utter_concern_after_child_protection"])
def test_staff_asking_who_else_after_the_child_protection_route_get_its_next_step(text, after):
    result = run(message(text, intent="faq", audience="staff", confidence=0.9), tracker_after(after))
    assert result.get("intent")["name"] == "concern_next"
    assert result.get("step_answer") == "concern_next"


@pytest.mark.parametrize("text, audience, after, extra", [
    ("who else?", "parent", "utter_urgent", {}),
    ("do we ring the anti-terrorist hotline as well?", "staff", "utter_urgent", {}),
    ("who else?", "staff", "utter_faq/anti_terrorist_hotline", {}),
    ("sorry wrong button, nobody is in danger, who else?", "staff", "utter_concern_significant_harm",
     {"step_answer": "deny"}),
    ("he has a knife, who else do I call", "staff", "utter_urgent", {"urgent_pattern": "weapon"}),
])
def test_other_questions_corrections_and_parents_keep_their_meaning_after_the_child_protection_route(
        text, audience, after, extra):
    result = run(message(text, intent="faq", audience=audience, confidence=0.9, **extra), tracker_after(after))
    assert result.get("intent")["name"] == "faq"


@pytest.mark.parametrize("text, intent", [("k thanks", "thank"), ("cheers, anything else?", "goodbye"),
                                          ("is that it then", "nlu_fallback")])
def test_thanks_or_anything_else_after_the_last_step_ends_the_walk_through(text, intent):
    result = run(message(text, intent=intent, audience="staff", confidence=0.9),
                 tracker_after("utter_concern_talk_parents"))
    assert result.get("intent")["name"] == "concern_next"


@pytest.mark.parametrize("text, audience, after", [
    ("k thanks", "parent", "utter_concern_talk_parents"),
    ("k thanks", "staff", "utter_concern_record"),
    ("cheers, anything else?", "staff", "utter_faq/anti_terrorist_hotline"),
])
def test_thanks_elsewhere_stays_thanks(text, audience, after):
    result = run(message(text, intent="thank", audience=audience, confidence=0.9), tracker_after(after))
    assert result.get("intent")["name"] == "thank"
