"""Rasa's CountVectorsFeaturizer, featurising the training data in batches.

Rasa 3.6's featuriser calls scikit-learn's `transform` twice per message and
attribute during training. With about 3,400 training questions, each carrying
its FAQ answer as the `response` attribute, that took over a minute of the
training time for the char n-gram featuriser alone. This subclass gives the
same features (the same vocabulary, the same matrices) but transforms each
distinct token sequence once (every question of a topic carries the same
answer) and all of them in one call, then splits the rows. Answering a chat
message (`process` on one message) is unchanged.

`sequence_features: false` keeps only the sentence features (the bag of words
or character n-grams of the whole message) of the user's text. With
`number_of_transformer_layers: 0` and no entity recognition, DIET and the
ResponseSelector classify from the sentence position alone (Rasa's
`_last_token`), so the per-token rows are computed and then never used. They
are about 18 rows per question against 1, so dropping them makes training and
answering several times cheaper with the same information reaching the
classifier (see docs/pipeline-comparison.md for the measured effect). Rasa's
sequence layer insists on some sequence features, so the text gets one empty
row of width 1 in their place.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import scipy.sparse

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


# what the text's sequence features become with `sequence_features: false`
EMPTY_ROW = scipy.sparse.coo_matrix((1, 1), dtype="int64")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class BatchCountVectorsFeaturizer(CountVectorsFeaturizer):
    """CountVectorsFeaturizer whose training-data pass is vectorised."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**CountVectorsFeaturizer.get_default_config(), "sequence_features": True}

    def _keeps_sequence(self, attribute: Text) -> bool:
        return attribute != TEXT or self._config.get("sequence_features", True)

    def add_features_to_message(
        self, sequence: Any, sentence: Any, attribute: Text, message: Message
    ) -> None:
        if not self._keeps_sequence(attribute):
            sequence = EMPTY_ROW.copy()
        super().add_features_to_message(sequence, sentence, attribute, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        if self.vectorizers is None:
            return super().process_training_data(training_data)
        messages = training_data.training_examples
        for attribute in self._attributes:
            vectorizer = self.vectorizers.get(attribute)
            if not vectorizer or self._get_attribute_vocabulary(attribute) is None:
                continue
            tokens = [
                tuple(self._get_processed_message_tokens_by_attribute(message, attribute))
                for message in messages
            ]
            # Every question of a topic carries the same answer: featurise each
            # distinct token sequence once.
            distinct = list(dict.fromkeys(t for t in tokens if t))
            if not distinct:
                continue
            sequence = None
            if self._keeps_sequence(attribute):
                sequence = self._transform_rows(vectorizer, [tok for t in distinct for tok in t])
            sentence = None
            if attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
                sentence = self._transform_rows(vectorizer, [" ".join(t) for t in distinct])
            features, start = {}, 0
            for row, t in enumerate(distinct):
                end = start + len(t)
                features[t] = (
                    sequence[start:end].tocoo() if sequence is not None else None,
                    sentence[row : row + 1].tocoo() if sentence is not None else None,
                )
                start = end
            for message, t in zip(messages, tokens):
                if t:
                    sequence_features, sentence_features = features[t]
                    self.add_features_to_message(
                        sequence_features.copy() if sequence_features is not None else None,
                        sentence_features.copy() if sentence_features is not None else None,
                        attribute,
                        message,
                    )
        return training_data

    @staticmethod
    def _transform_rows(vectorizer: Any, rows: List[Text]) -> scipy.sparse.csr_matrix:
        matrix = vectorizer.transform(rows).tocsr()
        matrix.sort_indices()
        return matrix
