"""Rasa's WhitespaceTokenizer, minus the FAQ answers during training.

Rasa 3.6 attaches each FAQ topic's answer to every training question of that
topic (the `response` attribute) and tokenises, featurises and fingerprints it
again for every question: well over a minute of each training run here. No
component in this pipeline reads those answer tokens: the ResponseSelector
learns the topic names (`use_text_as_label` is off), DIET the intents. So this
tokeniser leaves the answers untokenised during training. Questions, intents
and chat messages are tokenised exactly as Rasa does.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import MESSAGE_ATTRIBUTES, TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import (
    ACTION_NAME,
    INTENT,
    INTENT_RESPONSE_KEY,
    RESPONSE,
)
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class QuestionTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer that skips the FAQ answers attached to training questions."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return WhitespaceTokenizer.get_default_config()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Rasa's own loop (rasa/nlu/tokenizers/tokenizer.py), without the answers."""
        for example in training_data.training_examples:
            for attribute in MESSAGE_ATTRIBUTES:
                value = example.get(attribute)
                if value is None or value == "" or attribute == RESPONSE:
                    continue
                if attribute in (INTENT, ACTION_NAME, INTENT_RESPONSE_KEY):
                    tokens = self._split_name(example, attribute)
                else:
                    tokens = self.tokenize(example, attribute)
                example.set(TOKENS_NAMES[attribute], tokens)
        return training_data
