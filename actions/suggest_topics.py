"""The second stage of the fallback: "Did you mean ...?" with the likeliest topics."""
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

import yaml

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.concern import URGENT, last_response
from actions.concern_process import ASK_HARM, DONE, SIGNIFICANT_HARM, response_for
from actions.language import mostly_other_script
from assistant.nlu.language_id import notice_for
from actions.slots import AUDIENCE, CONCERN_STEP, PARENT, STAFF
from actions.topics import likeliest_topics, load_topics

# The last button's title, from the words kept outside the model (data/texts.yml).
SOMETHING_ELSE = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "texts.yml").read_text(encoding="utf-8"))["texts"]["something_else"]


class ActionSuggestTopics(Action):
    """Offers the two likeliest FAQ topics for this audience as buttons, plus "Something else".

    Parents are not offered the topics written for school staff. A message in
    another script gets a reply that the assistant reads English only.

    In the middle of the staff walk-through, a message it did not understand
    keeps the member of staff on the process: on the child-protection route, or
    just after the emergency reply, it shows that route again (999 first); at the danger question it asks again;
    at a step, a statement shows the step again (with its buttons), and a
    question gets the usual suggestions. Plain progress ("done", "the Hub said
    carry on") is understood before this, by assistant/nlu/step_answers.py.
    """

    def name(self) -> Text:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        audience = STAFF if tracker.get_slot(AUDIENCE) == STAFF else PARENT
        notice = notice_for(tracker.latest_message.get("language")) if audience == PARENT else None
        if notice:
            # a parent writing in their own language: the notice in it, marked for the widget
            dispatcher.utter_message(text=notice.text, custom={"lang": notice.lang, "dir": notice.dir})
            return []
        if mostly_other_script(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_english_only")
            return []
        step = tracker.get_slot(CONCERN_STEP)
        if audience == STAFF and last_response(tracker) == URGENT:
            step = SIGNIFICANT_HARM  # what follows the emergency reply stays on that route
        if audience == STAFF and step and step != DONE:
            in_process = self._in_process(step, tracker.latest_message.get("text") or "")
            if in_process:
                dispatcher.utter_message(response=in_process[1])
                return [SlotSet(CONCERN_STEP, in_process[0])]
        topics = load_topics()
        suggestions = likeliest_topics(tracker.latest_message, topics, audience=audience)
        if not suggestions:
            dispatcher.utter_message(response="utter_default")
            return []
        buttons = [
            {"title": topics[t]["title"], "payload": topics[t]["question"]} for t in suggestions
        ]
        buttons.append({"title": SOMETHING_ELSE, "payload": "/something_else"})
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        return []

    @staticmethod
    def _in_process(step: str, text: str) -> Optional[Tuple[str, str]]:
        """(next step, response) for a message not understood in the middle of the process."""
        if step in (SIGNIFICANT_HARM, ASK_HARM):
            return step, response_for(step)
        if "?" not in text:
            # shown again, not moved on: what was said may be a sign of harm, and
            # every step names the child-protection route or the next contact
            return step, response_for(step)
        return None
