"""The staff concern process as a small state machine, in plain functions.

The steps follow Luton Borough Council's letter of 14 July 2016:
  ask_harm     - is anyone at immediate risk of significant harm?
                 (not sure: tell the DSL now, with the child-protection contacts,
                 and the question stays open)
  significant_harm - yes: the emergency and child-protection route (999, DSL, MASH);
                 a "no" after it corrects a wrong answer and goes on to step 1;
                 "what next" after it: keep following the DSL and the MASH
  A correction towards yes ("I said no but I was wrong") goes from any step to
  the child-protection route.
  record       - step 1: record the concern as the school's policy says; tell the DSL
  seek_advice  - step 2: seek advice from the Early Help Hub
  talk_parents - step 3: talk with the parent or carer, unless significant harm
  done         - the end, with the Early Help Hub contact

Each state is shown by the response `utter_concern_<state>` in domain.yml.

A description of a pupil's words or behaviour (`describe`) starts the process
with a short lead-in, or, in the middle of it, shows the step the member of
staff is at, so that describing more never loses their place.
"""
from __future__ import annotations

from typing import Optional, Tuple

ASK_HARM = "ask_harm"
SIGNIFICANT_HARM = "significant_harm"
RECORD = "record"
SEEK_ADVICE = "seek_advice"
TALK_PARENTS = "talk_parents"
DONE = "done"

STATES = (ASK_HARM, SIGNIFICANT_HARM, RECORD, SEEK_ADVICE, TALK_PARENTS, DONE)

# The "no significant harm" path, in order.
_PATH = (ASK_HARM, RECORD, SEEK_ADVICE, TALK_PARENTS, DONE)

# What the user said, as an event of the state machine.
START, YES, NO, UNSURE, NEXT, BACK, RESTART = "start", "yes", "no", "unsure", "next", "back", "restart"
DESCRIBE = "describe"
# "Sorry, I said no but I was wrong: they are collecting her today."
CORRECT_YES = "correct_yes"

EVENT_FOR_INTENT = {
    "raise_concern": START,
    "describe_concern": DESCRIBE,
    "affirm": YES,
    "deny": NO,
    "unsure": UNSURE,
    "concern_next": NEXT,
    "concern_back": BACK,
    "concern_restart": RESTART,
}

NOT_STARTED = "utter_concern_not_started"
NO_CONTEXT = "utter_no_context"
HARM_UNSURE = "utter_concern_harm_unsure"
DESCRIBED = "utter_concern_described"
# After the child-protection route: "done, the call has been made, anything else?"
AFTER_CHILD_PROTECTION = "utter_concern_after_child_protection"
# "what next" when the danger question is still open: step 1, with the assumption said.
RECORD_ASSUMED = "utter_concern_record_assumed"


def response_for(state: str) -> str:
    return f"utter_concern_{state}"


def transition(state: Optional[str], event: str) -> Tuple[Optional[str], str]:
    """Return (next state, response to show) for a state and an event.

    `state` is None outside the process. Yes/no outside the process, and
    back before it has started, get a short reply and leave it unstarted;
    next starts it.
    """
    if event in (START, RESTART):
        return ASK_HARM, response_for(ASK_HARM)
    if event == CORRECT_YES:
        return SIGNIFICANT_HARM, response_for(SIGNIFICANT_HARM)
    if event == DESCRIBE:
        if state in STATES and state != DONE:
            return state, response_for(state)
        return ASK_HARM, DESCRIBED
    if state not in STATES:
        # "what next?" or "done, now what?" from a teacher when no concern is
        # open (say, after a description that was not recognised) starts the
        # process: the first question decides the route.
        if event == NEXT:
            return ASK_HARM, response_for(ASK_HARM)
        return None, NO_CONTEXT if event in (YES, NO, UNSURE) else NOT_STARTED

    if state == ASK_HARM and event == YES:
        return SIGNIFICANT_HARM, response_for(SIGNIFICANT_HARM)
    if state == ASK_HARM and event == UNSURE:
        # Not knowing whether there is significant harm is no reason to take the
        # Early Help Hub route: the DSL now, the child-protection contacts, and
        # the question again.
        return ASK_HARM, HARM_UNSURE
    if state == ASK_HARM and event == NO:
        return RECORD, response_for(RECORD)
    if state == ASK_HARM and event == NEXT:
        # "done, what next?" without an answer: step 1, saying what was assumed
        # and what to do if that is wrong (999, the DSL now).
        return RECORD, RECORD_ASSUMED

    if state == SIGNIFICANT_HARM and event == NEXT:
        return SIGNIFICANT_HARM, AFTER_CHILD_PROTECTION
    if state == SIGNIFICANT_HARM and event == NO:
        # a correction ("sorry, wrong button, nobody is in danger")
        return RECORD, response_for(RECORD)
    if event == BACK:
        previous = ASK_HARM if state == SIGNIFICANT_HARM else _PATH[max(_PATH.index(state) - 1, 0)]
        return previous, response_for(previous)
    if event == NEXT and state in _PATH:
        following = _PATH[min(_PATH.index(state) + 1, len(_PATH) - 1)]
        return following, response_for(following)
    # yes/no/not sure in the middle of the steps, or "next" at the end: show where we are.
    return state, response_for(state)
