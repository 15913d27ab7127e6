"""The staff concern process, one step per turn (logic in actions.concern_process)."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.concern_process import (
    ASK_HARM, CORRECT_YES, DESCRIBE, DONE, EVENT_FOR_INTENT, NEXT, NO, RECORD, SEEK_ADVICE, SIGNIFICANT_HARM, START,
    TALK_PARENTS, UNSURE, YES, response_for, transition,
)
from actions.slots import AUDIENCE, CONCERN_STEP, STAFF


URGENT = "utter_urgent"
DSL_UNAVAILABLE = "dsl_unavailable"  # the step answer set by assistant/nlu/step_answers.py
DENY_DONE = "deny_done"
GOTO_STEP = "goto_step_"  # "skip to step 3" (assistant/nlu/step_answers.py)
STEPS = (RECORD, SEEK_ADVICE, TALK_PARENTS)
YES_AND_ON = "yes_and_on"  # a yes with progress (assistant/nlu/step_answers.py)  # a no that says step 1 is done too (assistant/nlu/step_answers.py)
# Replies after which a staff "yes", "no" or "not sure" answers the danger
# question: the emergency reply, "what to do depends on how urgent it is", and
# the staff answers that set out the local process.
LEAD_INS = (URGENT, "utter_ask_about_danger")
LEAD_IN_PREFIX = "utter_faq/staff_"


def last_response(tracker: Tracker) -> str | None:
    """The name of the response the assistant last gave, if any."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action")
    return None


class ActionConcernStep(Action):
    """Moves the staff concern process on by one step; parents get the parent route."""

    def name(self) -> Text:
        return "action_concern_step"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        event = EVENT_FOR_INTENT.get(intent, START)
        if tracker.latest_message.get("step_answer") == CORRECT_YES:
            event = CORRECT_YES
        if tracker.get_slot(AUDIENCE) != STAFF:
            # Parents worried about their own child get the parent route.
            response = "utter_parent_worried" if event in (START, DESCRIBE) else "utter_no_context"
            dispatcher.utter_message(response=response)
            return []
        state = tracker.get_slot(CONCERN_STEP)
        if tracker.latest_message.get("step_answer") == DSL_UNAVAILABLE:
            # the DSL cannot be reached: do not wait (999, the MASH); the step stays
            dispatcher.utter_message(response="utter_concern_dsl_unavailable")
            return [SlotSet(CONCERN_STEP, state or ASK_HARM)]
        last = last_response(tracker) or ""
        if event in (YES, NO, UNSURE) and last == URGENT:
            # "yes", "no" or "not sure" just after the emergency reply (in the process or not)
            # answers it: is anyone in danger? Yes stays on the child-protection
            # route; no goes on to step 1.
            state = ASK_HARM
        elif event in (YES, NO, UNSURE) and state in (None, DONE) and (
            last in LEAD_INS or last.startswith(LEAD_IN_PREFIX)
        ):
            # after an answer about what to do, a yes or no answers whether anyone is at risk
            state = ASK_HARM
        elif event == NEXT and last == URGENT:
            # "ok, called 999. what about the rest of it?": the child-protection route goes on
            state = SIGNIFICANT_HARM
        goto = str(tracker.latest_message.get("step_answer") or "")
        if goto.startswith(GOTO_STEP) and state not in (None, ASK_HARM, SIGNIFICANT_HARM):
            # "skip to step 3", "go back to step 2" on the no-harm path, once the
            # danger question has its answer
            state = STEPS[int(goto[len(GOTO_STEP):]) - 1]
            dispatcher.utter_message(response=response_for(state))
            return [SlotSet(CONCERN_STEP, state)]
        if event == YES and state in STEPS and tracker.latest_message.get("step_answer") == YES_AND_ON:
            event = NEXT  # "ok yes, I've done that bit, carry on" at a step
        state, response = transition(state, event)
        if state == RECORD and event == NO and tracker.latest_message.get("step_answer") == DENY_DONE:
            # "no, nobody's at risk, and it's recorded and the DSL has it": step 2
            state, response = transition(state, NEXT)
        dispatcher.utter_message(response=response)
        return [SlotSet(CONCERN_STEP, state)]
