"""action_session_start: the audience from the gateway, and the opening notice."""
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

from actions.session import ActionSessionStart
from tests.actions.conftest import load_tracker, run_action


def test_a_staff_session_is_marked_staff_and_opens_with_the_notice(dispatcher):
    events = run_action(ActionSessionStart(), dispatcher, load_tracker("session_start_staff"))
    assert events == [SessionStarted(), SlotSet("audience", "staff"), ActionExecuted("action_listen")]
    assert dispatcher.messages[0]["response"] == "utter_session_notice"


def test_without_metadata_the_audience_is_parent(dispatcher):
    events = run_action(ActionSessionStart(), dispatcher, load_tracker("session_start_no_metadata"))
    assert SlotSet("audience", "parent") in events
