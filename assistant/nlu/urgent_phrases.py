"""NLU component: the deterministic emergency layer.

It runs last in the pipeline. When a reviewed pattern matches, the intent becomes
`urgent_danger` with confidence 1.0, whatever the classifier said, so the
emergency rule fires. The classifier's own `urgent_danger` intent is the other
layer: either one is enough. The one exception: where the classifier says
urgent but the reviewed rules say the message is clearly a question about
danger, a story or the past, with no sign of anything happening now, it is
answered as a question (`ask_about_danger`), which still gives 999.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.faq_confidence import faq_confidence
from assistant.nlu.question_focus import full_text
from assistant.safety import rule
from assistant.safety.urgency import (asks_if_safe, backs_the_classifier, clearly_not_live, has_danger_evidence, live_now,
                                      only_a_question, says_no_danger)

logger = logging.getLogger(__name__)

URGENT_INTENT = "urgent_danger"
QUESTION_INTENT = "ask_about_danger"
FALLBACK_INTENT = "nlu_fallback"
FAQ_INTENT = "faq"
# The answer selector's confidence at which its FAQ answer replaces an overruled
# emergency intent (the same bar as a staff description's, assistant/nlu/step_answers.py).
SURE_FAQ = 0.6


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class UrgentPhraseClassifier(GraphComponent, IntentClassifier):
    """Overrides the intent with `urgent_danger` when a reviewed pattern matches."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"patterns_file": "data/safety/urgent_phrases.yml"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.patterns = rule.patterns(config["patterns_file"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "UrgentPhraseClassifier":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            # all of a long message, not only the question it is classified on
            text = full_text(message) or message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            pattern_id = rule.match(text, self.patterns)
            if pattern_id is None:
                # matched by the gateway in the text as typed, before redaction
                pattern_id = (message.get("metadata") or {}).get("urgent_pattern")
            if pattern_id is None:
                self._overrule_false_alarm(message, text)
                self._question_about_danger(message, text)
                continue
            # Never log the text itself: only which reviewed pattern fired.
            logger.info("urgent pattern matched: %s", pattern_id)
            before = (message.get(INTENT) or {}).get("name")
            urgent = {"name": URGENT_INTENT, "confidence": 1.0}
            message.set(INTENT, urgent, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != URGENT_INTENT]
            message.set(INTENT_RANKING_KEY, [urgent] + ranking, add_to_output=True)
            message.set("urgent_pattern", pattern_id, add_to_output=True)
            message.set("intent_before_urgent_phrases", before, add_to_output=True)
        return messages

    def _question_about_danger(self, message: Message, text: str) -> None:
        """A doubtful message that asks what to do about a danger that is not
        happening ("if I ever thought my son was about to go abroad to join a
        group, who would I ring?") gets the answer to that question (999 for an
        emergency, the school's DSL otherwise), not "Did you mean ...?"."""
        if (message.get(INTENT) or {}).get("name") != FALLBACK_INTENT or not has_danger_evidence(text, self.patterns):
            return
        if clearly_not_live(text, self.patterns) or asks_if_safe(text, self.patterns):
            message.set(INTENT, {"name": QUESTION_INTENT, "confidence": 1.0}, add_to_output=True)
            message.set("question_about_danger", True, add_to_output=True)

    def _said_safe(self, text: str) -> bool:
        """"That was back in 2015 ... the boy is fine, no one is at risk": the
        message says nobody is in danger, and nothing in what is left of it is
        happening now or soon. No reviewed emergency phrase matched it either."""
        return says_no_danger(text, self.patterns) and not live_now(text, self.patterns)

    def _overrule_false_alarm(self, message: Message, text: str) -> None:
        """The classifier said urgent, but the reviewed rules disagree: a question about
        danger, or one that says nobody is in danger with nothing happening now,
        becomes that question; a message with no word of danger at all
        ("he's dying to go to the match") goes to the "Did you mean ...?" fallback."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != URGENT_INTENT or backs_the_classifier(text, self.patterns):
            return
        if not has_danger_evidence(text, self.patterns):
            replacement = FALLBACK_INTENT
        elif (clearly_not_live(text, self.patterns) or asks_if_safe(text, self.patterns) or self._said_safe(text)
              or only_a_question(text, self.patterns)):
            replacement = QUESTION_INTENT
        else:
            return
        # "Our British values assembly went down a bomb! What other ideas are
        # there?": where the FAQ has an answer it is sure of, that is the answer
        if (faq_confidence({"response_selector": message.get("response_selector")}) or 0.0) >= SURE_FAQ:
            replacement = FAQ_INTENT
        message.set(INTENT, {"name": replacement, "confidence": intent.get("confidence", 1.0)}, add_to_output=True)
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != URGENT_INTENT]
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        message.set("urgent_overruled", True, add_to_output=True)
