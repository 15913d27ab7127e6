"""The staff concern process, one step per turn (logic in actions.concern_process)."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.concern_process import EVENT_FOR_INTENT, START, transition
from actions.slots import AUDIENCE, CONCERN_STEP, STAFF


class ActionConcernStep(Action):
    """Moves the staff concern process on by one step; parents get the parent route."""

    def name(self) -> Text:
        return "action_concern_step"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        event = EVENT_FOR_INTENT.get(intent, START)
        if tracker.get_slot(AUDIENCE) != STAFF:
            # Parents worried about their own child get the parent route.
            response = "utter_parent_worried" if event == START else "utter_no_context"
            dispatcher.utter_message(response=response)
            return []
        state, response = transition(tracker.get_slot(CONCERN_STEP), event)
        dispatcher.utter_message(response=response)
        return [SlotSet(CONCERN_STEP, state)]
