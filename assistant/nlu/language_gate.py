"""NLU component: a parent who writes in their own language gets a notice in it.

It runs last. For a parent's message in a language with a notice file
(`data/languages/`, see assistant/nlu/language_id.py), it sets `language` on the
parse and turns the intent into the fallback, whose action sends the notice in
that language (999, answers in English, the school, the council). The
emergency intent is never touched: a message with an English emergency phrase
in it ("mój syn has a bomb ...") still gets the emergency route, in English,
first. Staff, and English messages, pass through unchanged.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.language_id import ENGLISH, identifier, notice_for
from assistant.nlu.question_focus import full_text

LANGUAGE = "language"
UNTOUCHED = {"urgent_danger"}
FALLBACK = "nlu_fallback"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGate(GraphComponent, IntentClassifier):
    """Marks a parent's message in another language and sends it to the notice."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.identifier = identifier()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageGate":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = full_text(message) or message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            if (message.get("metadata") or {}).get("audience", "parent") != "parent":
                continue
            code = self.identifier.identify(text)
            if code == ENGLISH or notice_for(code) is None:
                continue
            message.set(LANGUAGE, code, add_to_output=True)
            intent = (message.get(INTENT) or {}).get("name")
            if intent in UNTOUCHED:
                continue
            message.set("intent_before_language_gate", intent, add_to_output=True)
            fallback = {"name": FALLBACK, "confidence": 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK]
            message.set(INTENT_RANKING_KEY, [fallback] + ranking, add_to_output=True)
        return messages
