"""NLU component: fall back when the FAQ answer itself is doubtful.

Rasa's FallbackClassifier checks only the intent's confidence. For a retrieval
intent the answer is chosen by the ResponseSelector, whose own confidence can be
low while `faq` is confident (Rasa issue #9751). This gate turns such a message
into `nlu_fallback`, keeping the selector's ranking so that the two-stage
fallback can offer the likeliest topics as buttons.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

RETRIEVAL_INTENT = "faq"
FALLBACK_INTENT = "nlu_fallback"


def faq_confidence(parse_data: Dict[Text, Any]) -> float | None:
    """The ResponseSelector's confidence in its top FAQ answer, if any."""
    selector = (parse_data.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    response = selector.get("response") or {}
    return response.get("confidence")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class FaqConfidenceGate(GraphComponent, IntentClassifier):
    """Predicts `nlu_fallback` when the ResponseSelector is unsure of the answer."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"threshold": 0.35}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.threshold = config["threshold"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FaqConfidenceGate":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") != RETRIEVAL_INTENT:
                continue
            confidence = faq_confidence({"response_selector": message.get("response_selector")})
            if confidence is None or confidence >= self.threshold:
                continue
            fallback = {"name": FALLBACK_INTENT, "confidence": confidence}
            message.set(INTENT, fallback, add_to_output=True)
            ranking = message.get(INTENT_RANKING_KEY) or []
            message.set(INTENT_RANKING_KEY, [fallback] + ranking, add_to_output=True)
        return messages
