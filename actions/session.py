"""Starting a session: the audience, and the notice every session opens with."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.slots import AUDIENCE, PARENT, SESSION_START_METADATA, STAFF


def audience_from_metadata(metadata: Dict[Text, Any] | None) -> str:
    """The audience the gateway set; anything unexpected counts as a parent."""
    audience = (metadata or {}).get("audience")
    return audience if audience in (PARENT, STAFF) else PARENT


class ActionSessionStart(Action):
    """Starts a session: sets the audience from the gateway and shows the notice."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        audience = audience_from_metadata(tracker.get_slot(SESSION_START_METADATA))
        dispatcher.utter_message(response="utter_session_notice")
        return [SessionStarted(), SlotSet(AUDIENCE, audience), ActionExecuted("action_listen")]
