"""NLU component: a follow-up question is read with the answer before it.

"and the normal police number for stuff that isn't urgent?", "can I email them
instead", "ok and the most recent year?" make sense only after the previous
answer. On their own, the classifiers are unsure of them, and the reply was
"Did you mean ...?" or "I can only help with Prevent". Rasa hands the
conversation so far (the tracker) to an NLU component that asks for it, so this
one reads the topic of the previous answer and, for a short message that opens
or refers back like a follow-up (`data/follow_ups.yml`), adds `boost` to that
topic and its related topics in the blended ranking. If the best topic then
scores `accept`, it is the answer.

It never touches the emergency intent, a step of the walk-through, a confident
answer or a greeting; only `nlu_fallback` and an FAQ answer chosen with little
confidence. The out-of-scope gate after it still turns a follow-up about
another subject ("and when's the next INSET day?") into the honest answer.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.question_focus import full_text

RETRIEVAL_INTENT = "faq"
SELECTOR_KEY = "response_selector"
FOLLOW_UP = "follow_up_of"
# The walk-through's "what next": on the child-protection route, the DSL and the MASH.
CHILD_PROTECTION_NEXT = "concern_next"
URGENT_INTENTS = {"urgent_danger"}
_WORD = re.compile(r"[\w']+")


class FollowUpRules:
    """The reviewed words of data/follow_ups.yml, and the audience of each topic."""

    def __init__(self, raw: Dict[Text, Any], topic_audience: Dict[Text, Text]) -> None:
        self.max_words = int(raw.get("max_words", 16))
        self.opens = re.compile(raw["opens"])
        self.refers_back = re.compile(raw["refers_back"])
        self.boost = float(raw.get("boost", 0.3))
        self.accept = float(raw.get("accept", 0.3))
        self.after: Dict[Text, Text] = dict(raw.get("after") or {})
        self.related: Dict[Text, List[Text]] = {k: list(v) for k, v in (raw.get("related") or {}).items()}
        self.topic_audience = topic_audience
        child_protection = raw.get("child_protection") or {}
        self.child_protection_after = set(child_protection.get("after") or [])
        self.child_protection_asks = re.compile(child_protection.get("asks") or r"(?!)")
        last_step = raw.get("last_step") or {}
        self.last_step_after = set(last_step.get("after") or [])
        self.last_step_intents = set(last_step.get("intents") or [])
        self.last_step_asks = re.compile(last_step.get("asks") or r"(?!)")

    @classmethod
    def load(cls, path: Text, topics_path: Text) -> "FollowUpRules":
        return _load(str(Path(path).resolve()), str(Path(topics_path).resolve()))

    def is_follow_up(self, text: Text) -> bool:
        lower = text.lower().strip()
        if not lower or lower.startswith("/") or len(_WORD.findall(lower)) > self.max_words:
            return False
        return bool(self.opens.search(lower) or self.refers_back.search(lower))

    def asks_about_child_protection(self, text: Text, previous_action: Optional[Text]) -> bool:
        """After the emergency or child-protection reply: "who else?", "what's the
        number for children's social care?", "it's gone six", "not the hub then?"."""
        return previous_action in self.child_protection_after and bool(
            self.child_protection_asks.search(text.lower().replace("'", "").replace("’", "")))

    def closes_last_step(self, text: Text, intent: Optional[Text], previous_action: Optional[Text]) -> bool:
        """After the walk-through's last step: "k thanks", "cheers, anything else?"."""
        if previous_action not in self.last_step_after:
            return False
        return intent in self.last_step_intents or bool(
            self.last_step_asks.search(text.lower().replace("'", "").replace("’", "")))

    def topic_of(self, utter_action: Optional[Text]) -> Optional[Text]:
        if not utter_action:
            return None
        prefix = f"utter_{RETRIEVAL_INTENT}/"
        if utter_action.startswith(prefix):
            return utter_action[len(prefix):]
        return self.after.get(utter_action)

    def allowed(self, topic: Text, audience: Text) -> bool:
        return audience == "staff" or self.topic_audience.get(topic) != "staff"

    def choose(self, ranking: List[Dict[Text, Any]], previous: Text, audience: Text) -> Optional[Text]:
        """The topic to answer, given the blended ranking and the previous answer's topic."""
        favoured = {previous, *self.related.get(previous, [])}
        scores = {f"{RETRIEVAL_INTENT}/{t}": self.boost for t in favoured}
        for row in ranking:
            key = row.get(INTENT_RESPONSE_KEY) or ""
            bonus = self.boost if key.split("/", 1)[-1] in favoured else 0.0
            scores[key] = float(row.get("confidence") or 0.0) + bonus
        allowed = [(s, k) for k, s in scores.items() if self.allowed(k.split("/", 1)[-1], audience)]
        if not allowed:
            return None
        score, best = max(allowed)
        return best.split("/", 1)[-1] if score >= self.accept else None


@lru_cache(maxsize=4)
def _load(path: Text, topics_path: Text) -> FollowUpRules:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    topics = yaml.safe_load(Path(topics_path).read_text(encoding="utf-8"))["topics"]
    return FollowUpRules(raw, {name: t.get("audience", "parent") for name, t in topics.items()})


def previous_answer(tracker: Optional[DialogueStateTracker]) -> Optional[Text]:
    """The `utter_action` of the first reply after the last user message, if any."""
    if tracker is None:
        return None
    found: Optional[Text] = None
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return found
        if isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action"):
            found = event.metadata["utter_action"]
    return found


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FollowUp(GraphComponent, IntentClassifier):
    """Answers a doubtful follow-up question with the topic the conversation is on."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"rules_file": "data/follow_ups.yml", "topics_file": "data/faq_topics.yml",
                "doubtful_below": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config
        self.rules = FollowUpRules.load(config["rules_file"], config["topics_file"])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FollowUp":
        return cls(config)

    def _doubtful(self, message: Message) -> bool:
        intent = message.get(INTENT) or {}
        # a step of the walk-through is left alone; "nlu_fallback" there means the
        # step phrases found it was not one ("isn't urgent" is not a "no")
        if message.get("step_answer") not in (None, "nlu_fallback"):
            return False
        if message.get("urgent_pattern") or message.get("question_about_danger"):
            return False
        if intent.get("name") == "nlu_fallback":
            return True
        if intent.get("name") != RETRIEVAL_INTENT:
            return False
        response = ((message.get(SELECTOR_KEY) or {}).get(RETRIEVAL_INTENT) or {}).get("response") or {}
        return float(response.get("confidence") or 0.0) < self.config["doubtful_below"]

    def _child_protection_next(self, message: Message, previous_action: Optional[Text]) -> bool:
        """A staff question about the child-protection route just given is that
        route's next step (actions/concern.py: the DSL and the MASH)."""
        if (message.get("metadata") or {}).get("audience") != "staff":
            return False
        if message.get("urgent_pattern") or (message.get(INTENT) or {}).get("name") in URGENT_INTENTS:
            return False
        if message.get("step_answer") not in (None, "nlu_fallback", "faq", "affirm", "concern_next"):
            return False  # a correction ("nobody is in danger"), back, start again
        text = full_text(message) or message.get(TEXT) or ""
        return self.rules.asks_about_child_protection(text, previous_action)

    def _closes_last_step(self, message: Message, previous_action: Optional[Text]) -> bool:
        """Thanks, goodbye or "anything else?" from staff after the walk-through's
        last step is the end of it: the Early Help Hub contact is given, not
        "You're welcome" (round 10 walk-throughs)."""
        if (message.get("metadata") or {}).get("audience") != "staff":
            return False
        if message.get("urgent_pattern") or (message.get(INTENT) or {}).get("name") in URGENT_INTENTS:
            return False
        text = full_text(message) or message.get(TEXT) or ""
        return self.rules.closes_last_step(text, (message.get(INTENT) or {}).get("name"), previous_action)

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        previous_action = previous_answer(tracker)
        for message in messages:
            if self._child_protection_next(message, previous_action) or self._closes_last_step(message, previous_action):
                chosen = {"name": CHILD_PROTECTION_NEXT, "confidence": 1.0}
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != chosen["name"]]
                message.set(INTENT, chosen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
                message.set("step_answer", CHILD_PROTECTION_NEXT, add_to_output=True)
                message.set(FOLLOW_UP, previous_action, add_to_output=True)
        previous = self.rules.topic_of(previous_action)
        if not previous:
            return messages
        for message in messages:
            text = full_text(message) or message.get(TEXT) or ""
            if not self._doubtful(message) or not self.rules.is_follow_up(text):
                continue
            audience = (message.get("metadata") or {}).get("audience", "parent")
            selectors = dict(message.get(SELECTOR_KEY) or {})
            selector = dict(selectors.get(RETRIEVAL_INTENT) or {})
            topic = self.rules.choose(selector.get("ranking") or [], previous, audience)
            if not topic:
                continue
            selector["response"] = {
                "responses": [{TEXT: topic}],
                "confidence": 1.0,
                INTENT_RESPONSE_KEY: f"{RETRIEVAL_INTENT}/{topic}",
                "utter_action": f"utter_{RETRIEVAL_INTENT}/{topic}",
            }
            selectors[RETRIEVAL_INTENT] = selector
            message.set(SELECTOR_KEY, selectors, add_to_output=True)
            chosen = {"name": RETRIEVAL_INTENT, "confidence": 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != RETRIEVAL_INTENT]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
            message.set(FOLLOW_UP, previous, add_to_output=True)
        return messages
