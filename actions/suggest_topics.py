"""The second stage of the fallback: "Did you mean ...?" with the likeliest topics."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.language import mostly_other_script
from actions.slots import AUDIENCE, PARENT, STAFF
from actions.topics import likeliest_topics, load_topics


class ActionSuggestTopics(Action):
    """Offers the two likeliest FAQ topics for this audience as buttons, plus "Something else".

    Parents are not offered the topics written for school staff. A message in
    another script gets a reply that the assistant reads English only.
    """

    def name(self) -> Text:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if mostly_other_script(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_english_only")
            return []
        topics = load_topics()
        audience = STAFF if tracker.get_slot(AUDIENCE) == STAFF else PARENT
        suggestions = likeliest_topics(tracker.latest_message, topics, audience=audience)
        if not suggestions:
            dispatcher.utter_message(response="utter_default")
            return []
        buttons = [
            {"title": topics[t]["title"], "payload": topics[t]["question"]} for t in suggestions
        ]
        buttons.append({"title": "Something else", "payload": "/something_else"})
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        return []
