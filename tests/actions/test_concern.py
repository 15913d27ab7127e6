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
