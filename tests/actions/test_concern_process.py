"""The staff concern process as a state machine (no tracker needed)."""
import pytest

from actions.concern_process import (
    ASK_HARM, BACK, DONE, NEXT, NO, RECORD, RESTART, SEEK_ADVICE, SIGNIFICANT_HARM, START,
    TALK_PARENTS, UNSURE, YES, transition,
)


def walk(*events, state=None):
    shown = []
    for event in events:
        state, response = transition(state, event)
        shown.append(response)
    return state, shown


def test_starting_asks_about_significant_harm_first():
    assert transition(None, START) == (ASK_HARM, "utter_concern_ask_harm")


def test_yes_takes_the_emergency_and_child_protection_route():
    assert walk(START, YES) == (SIGNIFICANT_HARM, ["utter_concern_ask_harm", "utter_concern_significant_harm"])


def test_no_walks_record_then_hub_then_parents_then_the_end():
    state, shown = walk(START, NO, NEXT, NEXT, NEXT)
    assert state == DONE
    assert shown == [
        "utter_concern_ask_harm",
        "utter_concern_record",
        "utter_concern_seek_advice",
        "utter_concern_talk_parents",
        "utter_concern_done",
    ]


@pytest.mark.parametrize(
    "state, expected",
    [(RECORD, ASK_HARM), (SEEK_ADVICE, RECORD), (TALK_PARENTS, SEEK_ADVICE), (DONE, TALK_PARENTS), (SIGNIFICANT_HARM, ASK_HARM), (ASK_HARM, ASK_HARM)],
)
def test_go_back_returns_to_the_previous_step(state, expected):
    assert transition(state, BACK)[0] == expected


@pytest.mark.parametrize("state", [ASK_HARM, RECORD, SEEK_ADVICE, TALK_PARENTS, DONE, SIGNIFICANT_HARM])
def test_start_again_always_returns_to_the_first_question(state):
    assert transition(state, RESTART) == (ASK_HARM, "utter_concern_ask_harm")


def test_what_next_before_answering_goes_to_step_1_saying_what_it_assumed():
    # "done, what next?" with the danger question open: step 1, with 999 and the DSL if that is wrong
    assert transition(ASK_HARM, NEXT) == (RECORD, "utter_concern_record_assumed")


def test_what_next_at_the_end_stays_at_the_end_with_the_contact():
    assert transition(DONE, NEXT) == (DONE, "utter_concern_done")


@pytest.mark.parametrize("event, response", [(BACK, "utter_concern_not_started"), (YES, "utter_no_context"), (NO, "utter_no_context"), (UNSURE, "utter_no_context")])
def test_outside_the_process_nothing_starts_by_accident(event, response):
    assert transition(None, event) == (None, response)


def test_what_next_outside_the_process_starts_it_with_the_danger_question():
    # blind round 3: a teacher whose description was not recognised typed "what next" and "done"
    assert transition(None, NEXT) == (ASK_HARM, "utter_concern_ask_harm")


def test_yes_or_no_in_the_middle_shows_the_current_step():
    assert transition(SEEK_ADVICE, YES) == (SEEK_ADVICE, "utter_concern_seek_advice")


def test_not_sure_about_significant_harm_sends_to_the_dsl_and_asks_again():
    assert walk(START, UNSURE) == (ASK_HARM, ["utter_concern_ask_harm", "utter_concern_harm_unsure"])


def test_after_not_sure_yes_still_takes_the_child_protection_route():
    assert walk(START, UNSURE, YES)[0] == SIGNIFICANT_HARM


def test_after_not_sure_no_goes_on_to_record_the_concern():
    assert walk(START, UNSURE, NO)[0] == RECORD


def test_not_sure_in_the_middle_shows_the_current_step():
    assert transition(RECORD, UNSURE) == (RECORD, "utter_concern_record")


def test_describing_a_pupil_starts_the_process_with_a_lead_in():
    from actions.concern_process import DESCRIBE

    assert transition(None, DESCRIBE) == (ASK_HARM, "utter_concern_described")
    assert transition(DONE, DESCRIBE) == (ASK_HARM, "utter_concern_described")


@pytest.mark.parametrize("state", [ASK_HARM, RECORD, SEEK_ADVICE, TALK_PARENTS, SIGNIFICANT_HARM])
def test_describing_more_in_the_middle_keeps_the_place(state):
    from actions.concern_process import DESCRIBE

    assert transition(state, DESCRIBE) == (state, f"utter_concern_{state}")


def test_no_after_a_wrong_yes_corrects_it_and_goes_on_to_record():
    assert walk(START, YES, NO) == (RECORD, ["utter_concern_ask_harm", "utter_concern_significant_harm", "utter_concern_record"])


@pytest.mark.parametrize("state", [None, ASK_HARM, RECORD, SEEK_ADVICE, TALK_PARENTS, DONE])
def test_a_correction_towards_yes_goes_to_the_child_protection_route_from_anywhere(state):
    from actions.concern_process import CORRECT_YES

    assert transition(state, CORRECT_YES) == (SIGNIFICANT_HARM, "utter_concern_significant_harm")


def test_what_next_on_the_child_protection_route_says_to_keep_following_the_dsl_and_mash():
    assert transition(SIGNIFICANT_HARM, NEXT) == (SIGNIFICANT_HARM, "utter_concern_after_child_protection")
