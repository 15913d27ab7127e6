"""NLU component: the nearest training questions help the ResponseSelector choose the FAQ answer.

The ResponseSelector learns from sparse word and character features. It is good
with the words it has seen, and weaker with a new way of saying the same thing.
A sentence encoder trained on paraphrases (all-MiniLM-L6-v2, see
`assistant/nlu/sentence_encoder.py`) is strong exactly there. This component keeps
the embedding of every FAQ training question. For each message it scores every
topic by its most similar training question, turns the scores into
probabilities (softmax with a temperature), and blends them with the
ResponseSelector's own confidences:

    confidence(topic) = (1 - weight) * selector(topic) + weight * neighbours(topic)

With `classifier_share` above 0, the neighbours' probabilities are themselves
a mix: the nearest-question softmax and a logistic regression trained on the
same embeddings (scikit-learn, a few seconds to train), which weighs every
training question of a topic rather than only the closest one:
    neighbours(topic) = (1 - share) * nearest(topic) + share * classifier(topic)
It then rewrites the ResponseSelector's output (answer, confidence, ranking),
so that everything after it, the FAQ confidence gate and the "Did you mean ...?"
buttons among them, sees the blended result. The weight and temperature were
chosen with `make eval`: see docs/pipeline-comparison.md.

A message whose intent is confidently another one (`skip_other_intent_above`:
a greeting, thanks, a step of the staff walk-through) is left alone and not
encoded, which saves the encoder's ~15 ms: its answer does not come from the
selector, and at that confidence Rasa's FallbackClassifier (threshold 0.3,
ambiguity 0.05 in config.yml) cannot turn it into "Did you mean ...?", the one
place a non-FAQ message's ranking is shown.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu import sentence_encoder
from assistant.nlu.sentence_encoder import shared_encoder

SELECTOR_KEY = "response_selector"


def _softmax(scores: np.ndarray) -> np.ndarray:
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


def extra_questions(path: Optional[Text], intent: Text, known: set) -> List[tuple]:
    """Wordings that only the neighbours learn from (`data/neighbours/wordings.yml`):
    new ways of asking that the blind rounds showed were missed. Adding them to
    data/nlu/ would retrain the DIET classifier and the ResponseSelector too, and
    a retrain moves their answers on questions nobody changed (measured on the
    blind rounds after round 7: 20 cases fixed, 25 lost). Here they change only
    the nearest-question vote and the logistic regression, which are
    deterministic. A topic the domain does not have is an error."""
    if not path:
        return []
    import yaml

    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    _no_topic_twice(path)
    rows = []
    for topic, texts in (raw.get("topics") or {}).items():
        key = f"{intent}/{topic}"
        if key not in known:
            raise ValueError(f"{path}: {topic!r} is not an FAQ topic with training questions.")
        rows.extend((key, str(text)) for text in texts)
    return rows


def _no_topic_twice(path: Text) -> None:
    """YAML keeps only the last of two lists under one key, silently: a topic
    listed twice is an error (four were, until round 10)."""
    import yaml

    node = yaml.compose(Path(path).read_text(encoding="utf-8"))
    for key, value in node.value if node is not None else []:
        if key.value == "topics":
            names = [k.value for k, _ in value.value]
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:
                raise ValueError(f"{path}: topics listed twice (merge their wordings): {', '.join(twice)}.")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class TopicNeighbours(GraphComponent):
    """Blends the ResponseSelector's ranking with nearest-question similarity."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            "weight": 0.5,
            "temperature": 0.05,
            "ranking_length": 10,
            # the logistic regression's part of the neighbours' vote (0 = nearest question only)
            "classifier_share": 0.0,
            "classifier_c": 100.0,
            "random_seed": 42,
            # leave alone messages whose intent is another one at least this sure (None: never)
            "skip_other_intent_above": 0.8,
            # more wordings for the neighbours only (data/neighbours/wordings.yml), or None
            "extra_questions_file": None,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        embeddings: Optional[np.ndarray] = None,
        topics: Optional[List[Text]] = None,
        starts: Optional[np.ndarray] = None,
        responses: Optional[Dict[Text, Any]] = None,
        coefficients: Optional[np.ndarray] = None,
        intercepts: Optional[np.ndarray] = None,
    ) -> None:
        self.config = config
        self._storage = model_storage
        self._resource = resource
        self.embeddings = embeddings  # one row per training question, grouped by topic
        self.topics = topics or []  # the topics, in the order of the groups
        self.starts = starts  # where each topic's group of rows starts
        self.responses = responses or {}
        # the logistic regression, one row per topic in `topics` order (None when not used)
        self.coefficients = coefficients
        self.intercepts = intercepts

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """Retrain (not reuse Rasa's cache) when the encoder or this code changes."""
        digest = hashlib.sha256()
        paths = [Path(__file__), Path(sentence_encoder.__file__)]
        if config.get("extra_questions_file"):
            paths.append(Path(config["extra_questions_file"]))
        for path in paths:
            digest.update(path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TopicNeighbours":
        return cls(config, model_storage, resource)

    # --- training -------------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        intent = self.config["retrieval_intent"]
        questions = sorted(
            (m.get(INTENT_RESPONSE_KEY), m.get(TEXT))
            for m in training_data.training_examples
            if m.get(INTENT) == intent and m.get(INTENT_RESPONSE_KEY) and m.get(TEXT)
        )
        questions = sorted(questions + extra_questions(self.config.get("extra_questions_file"), intent,
                                                       {key for key, _ in questions}))
        if not questions:
            raise ValueError(f"TopicNeighbours found no training questions for the retrieval intent {intent!r}.")
        keys = [key for key, _ in questions]
        self.topics = sorted(set(keys))
        self.starts = np.array([keys.index(topic) for topic in self.topics])
        self.embeddings = shared_encoder().encode([text for _, text in questions])
        self.responses = {
            topic: training_data.responses.get(f"utter_{topic}") for topic in self.topics
        }
        if self.config["classifier_share"] > 0:
            self._train_classifier(keys)
        with self._storage.write_to(self._resource) as directory:
            np.save(directory / "embeddings.npy", self.embeddings)
            np.save(directory / "starts.npy", self.starts)
            if self.coefficients is not None:
                np.save(directory / "coefficients.npy", self.coefficients)
                np.save(directory / "intercepts.npy", self.intercepts)
            (directory / "topics.json").write_text(
                json.dumps({"topics": self.topics, "responses": self.responses})
            )
        return self._resource

    def _train_classifier(self, keys: List[Text]) -> None:
        from sklearn.linear_model import LogisticRegression

        if len(self.topics) < 2:
            raise ValueError("TopicNeighbours needs questions for at least two FAQ topics to train its classifier.")
        model = LogisticRegression(
            C=self.config["classifier_c"], max_iter=1000, random_state=self.config["random_seed"]
        ).fit(self.embeddings, keys)
        assert list(model.classes_) == self.topics  # both sorted
        coefficients, intercepts = model.coef_, model.intercept_
        if len(self.topics) == 2:  # scikit-learn keeps one row for two classes: P(second) = sigmoid
            coefficients = np.vstack([np.zeros_like(coefficients), coefficients])
            intercepts = np.concatenate([[0.0], intercepts])
        self.coefficients = coefficients.astype(np.float32)
        self.intercepts = intercepts.astype(np.float32)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TopicNeighbours":
        with model_storage.read_from(resource) as directory:
            embeddings = np.load(directory / "embeddings.npy")
            starts = np.load(directory / "starts.npy")
            saved = json.loads((directory / "topics.json").read_text())
            coefficients = intercepts = None
            if (directory / "coefficients.npy").exists():
                coefficients = np.load(directory / "coefficients.npy")
                intercepts = np.load(directory / "intercepts.npy")
        shared_encoder()  # load the weights now, not on the first question
        return cls(
            config, model_storage, resource, embeddings, saved["topics"], starts, saved["responses"],
            coefficients, intercepts,
        )

    # --- answering -----------------------------------------------------------------

    def neighbour_probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """For each vector, a probability per topic from its nearest training question."""
        similarity = vectors @ self.embeddings.T
        best = np.maximum.reduceat(similarity, self.starts, axis=1)
        nearest = _softmax(best / self.config["temperature"])
        share = self.config["classifier_share"]
        if share <= 0 or self.coefficients is None:
            return nearest
        classifier = _softmax(vectors @ self.coefficients.T + self.intercepts)
        return (1 - share) * nearest + share * classifier

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        intent = self.config["retrieval_intent"]
        todo = [
            m for m in messages
            if m.get(TEXT)
            and ((m.get(SELECTOR_KEY) or {}).get(intent) or {}).get("ranking") is not None
            and not self._surely_other_intent(m)
        ]
        if not todo or self.embeddings is None:
            return messages
        probabilities = self.neighbour_probabilities(shared_encoder().encode([m.get(TEXT) for m in todo]))
        for message, neighbours in zip(todo, probabilities):
            self._blend(message, neighbours)
        return messages

    def _surely_other_intent(self, message: Message) -> bool:
        bar = self.config["skip_other_intent_above"]
        predicted = message.get(INTENT) or {}
        return (
            bar is not None
            and predicted.get("name") not in (None, self.config["retrieval_intent"])
            and (predicted.get("confidence") or 0.0) >= bar
        )

    def _blend(self, message: Message, neighbours: np.ndarray) -> None:
        intent, weight = self.config["retrieval_intent"], self.config["weight"]
        selectors = dict(message.get(SELECTOR_KEY))
        selector = selectors[intent]
        from_selector = {r[INTENT_RESPONSE_KEY]: r["confidence"] for r in selector["ranking"]}
        ids = {r[INTENT_RESPONSE_KEY]: r.get("id") for r in selector["ranking"]}
        blended = {
            topic: (1 - weight) * from_selector.get(topic, 0.0) + weight * float(p)
            for topic, p in zip(self.topics, neighbours)
        }
        ranking = sorted(blended.items(), key=lambda item: item[1], reverse=True)
        ranking = ranking[: self.config["ranking_length"]]
        top, confidence = ranking[0]
        selectors[intent] = {
            "response": {
                "responses": self.responses.get(top) or [{TEXT: top}],
                "confidence": confidence,
                INTENT_RESPONSE_KEY: top,
                "utter_action": f"utter_{top}",
            },
            "ranking": [
                {"id": ids.get(topic), "confidence": value, INTENT_RESPONSE_KEY: topic}
                for topic, value in ranking
            ],
            "selector_top": selector.get("response", {}).get(INTENT_RESPONSE_KEY),
        }
        message.set(SELECTOR_KEY, selectors, add_to_output=True)
