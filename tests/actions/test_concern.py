"""action_concern_step: the staff process one step per turn; parents get the parent route."""
import pytest
from rasa_sdk.events import SlotSet

from actions.concern import ActionConcernStep
from tests.actions.conftest import load_tracker, run_action


def run(name, dispatcher):
    return run_action(ActionConcernStep(), dispatcher, load_tracker(name))


@pytest.mark.parametrize(
    "fixture, response, step",
    [
        ("staff_raises_concern", "utter_concern_ask_harm", "ask_harm"),
        ("staff_says_no_harm", "utter_concern_record", "record"),
        ("staff_concern_recorded_asks_next", "utter_concern_seek_advice", "seek_advice"),
    ],
)
def test_staff_move_through_the_process(dispatcher, fixture, response, step):
    events = run(fixture, dispatcher)
    assert dispatcher.messages[0]["response"] == response
    assert events == [SlotSet("concern_step", step)]


def test_a_worried_parent_gets_the_parent_route_not_the_staff_process(dispatcher):
    events = run("parent_worried_about_child", dispatcher)
    assert dispatcher.messages[0]["response"] == "utter_parent_worried"
    assert events == []


@pytest.mark.parametrize(
    "intent, response, step",
    [("affirm", "utter_concern_significant_harm", "significant_harm"), ("deny", "utter_concern_record", "record")],
)
def test_yes_or_no_just_after_the_emergency_reply_answers_whether_anyone_is_in_danger(dispatcher, intent, response, step):
    tracker = load_tracker("staff_answers_yes_after_emergency_reply")
    tracker.latest_message["intent"] = {"name": intent, "confidence": 1.0}
    events = run_action(ActionConcernStep(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == response
    assert events == [SlotSet("concern_step", step)]


def _after(tracker, utter_action):
    bot = [e for e in tracker.events if e.get("event") == "bot"][-1]
    bot.setdefault("metadata", {})["utter_action"] = utter_action
    return tracker


@pytest.mark.parametrize(
    "intent, response, step",
    [("affirm", "utter_concern_significant_harm", "significant_harm"), ("deny", "utter_concern_record", "record")],
)
def test_yes_or_no_after_the_staff_answer_on_the_local_process_answers_the_danger_question(dispatcher, intent, response, step):
    tracker = _after(load_tracker("staff_answers_yes_after_emergency_reply"), "utter_faq/staff_make_referral")
    tracker.slots["concern_step"] = None
    tracker.latest_message["intent"] = {"name": intent, "confidence": 1.0}
    events = run_action(ActionConcernStep(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == response
    assert events == [SlotSet("concern_step", step)]


def test_what_next_after_the_emergency_reply_carries_on_the_child_protection_route(dispatcher):
    # "ok, called 999. what about the rest of it?"
    tracker = load_tracker("staff_answers_yes_after_emergency_reply")
    tracker.latest_message["intent"] = {"name": "concern_next", "confidence": 1.0}
    events = run_action(ActionConcernStep(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_concern_after_child_protection"
    assert events == [SlotSet("concern_step", "significant_harm")]


def test_a_parent_describing_their_child_gets_the_parent_route(dispatcher):
    tracker = load_tracker("parent_worried_about_child")
    tracker.latest_message["intent"] = {"name": "describe_concern", "confidence": 1.0}
    run_action(ActionConcernStep(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_parent_worried"


def test_a_dsl_who_cannot_be_reached_gets_999_and_the_mash_and_keeps_the_step(dispatcher):
    tracker = load_tracker("staff_answers_yes_after_emergency_reply")
    tracker.slots["concern_step"] = "significant_harm"
    tracker.latest_message["intent"] = {"name": "concern_next", "confidence": 1.0}
    tracker.latest_message["step_answer"] = "dsl_unavailable"
    events = run_action(ActionConcernStep(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_concern_dsl_unavailable"
    assert events == [SlotSet("concern_step", "significant_harm")]


def test_a_no_that_says_the_concern_is_recorded_goes_on_to_step_two(dispatcher):
    tracker = load_tracker("staff_raises_concern")
    tracker.slots["concern_step"] = "ask_harm"
    tracker.latest_message["intent"] = {"name": "deny", "confidence": 1.0}
    tracker.latest_message["step_answer"] = "deny_done"
    events = run_action(ActionConcernStep(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_concern_seek_advice"
    assert events == [SlotSet("concern_step", "seek_advice")]


@pytest.mark.parametrize("state, goto, response, step", [
    ("record", "goto_step_3", "utter_concern_talk_parents", "talk_parents"),
    ("talk_parents", "goto_step_2", "utter_concern_seek_advice", "seek_advice"),
    # the danger question is answered first, and the child-protection route stays
    ("ask_harm", "goto_step_3", "utter_concern_record_assumed", "record"),
    ("significant_harm", "goto_step_3", "utter_concern_after_child_protection", "significant_harm"),
])
def test_a_teacher_can_jump_to_a_numbered_step_once_the_danger_question_is_answered(dispatcher, state, goto,
                                                                                    response, step):
    tracker = load_tracker("staff_raises_concern")
    tracker.slots["concern_step"] = state
    tracker.latest_message["intent"] = {"name": "concern_next", "confidence": 1.0}
    tracker.latest_message["step_answer"] = goto
    events = run_action(ActionConcernStep(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == response
    assert events == [SlotSet("concern_step", step)]


@pytest.mark.parametrize("state, response, step", [
    ("record", "utter_concern_seek_advice", "seek_advice"),
    # at the danger question, a yes is a yes, whatever else it says
    ("ask_harm", "utter_concern_significant_harm", "significant_harm"),
])
def test_a_yes_with_progress_moves_on_at_a_step_but_is_a_yes_to_the_danger_question(dispatcher, state, response,
                                                                                    step):
    tracker = load_tracker("staff_raises_concern")
    tracker.slots["concern_step"] = state
    tracker.latest_message["intent"] = {"name": "affirm", "confidence": 1.0}
    tracker.latest_message["step_answer"] = "yes_and_on"
    events = run_action(ActionConcernStep(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == response
    assert events == [SlotSet("concern_step", step)]
