"""NLU component: in a long message, the question is what gets answered.

A worried parent often writes several sentences of background and ends with a
plain question: "I'm 74 and look after my grandchildren ... The letter mentions
something called Prevent. Could you explain what it is in plain English?". The
classifiers learnt from questions, and the background drowns them out. So a
long message (more than `min_words` words, more than one sentence) that
contains a question is classified on its last question sentence alone.

The whole message is kept as `full_text` and everything that must see all of
it reads that: the emergency layer (a danger mentioned in the background is
still a danger) and the walk-through's description check. A message with any
word of danger in it (`evidence` in data/safety/urgent_phrases.yml) is not
focused at all, so that the classifier's own emergency intent sees all of it
too. The tracker keeps the message as it was sent.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.safety import rule
from assistant.safety.urgency import has_danger_evidence

FULL_TEXT = "full_text"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_QUESTION_START = re.compile(
    r"^(what|whats|what's|why|how|who|whom|whose|when|where|which|is|are|am|was|were|do|does|did|can|could|"
    r"will|would|should|shall|may|might|must|have|has|had|any|anyone|please (tell|explain)|tell me|explain)\b",
    re.IGNORECASE,
)


def full_text(message: Message) -> Optional[Text]:
    """The message as it was sent (None if the component did not run)."""
    return message.get(FULL_TEXT)


_ASKS_WHAT_TO_DO = re.compile(r"^(what|how)( \w+){0,3} (do|should|can|shall) (i|we)( \w+)? (do|handle|deal|respond)\b|^(help|please)\b", re.IGNORECASE)


def _leading_question(sentences: List[Text]) -> Optional[Text]:
    """A short message that opens with its one question and then gives background
    ("what is prevent? school sent a letter home"): that question. A question
    about what to do ("what should I do? a pupil said ...") is about what follows,
    so the message stays whole."""
    first = sentences[0]
    if (first.endswith("?") and _QUESTION_START.match(first) and len(first.split()) >= 3
            and not _ASKS_WHAT_TO_DO.match(first) and not any(s.endswith("?") for s in sentences[1:])):
        return first
    return None


def question_in(text: Text, min_words: int = 25) -> Optional[Text]:
    """The question of a message, or None to keep the message whole: the last
    question sentence of a long message, or the opening question of a short one."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if len(sentences) < 2:
        return None
    if len(text.split()) <= min_words:
        return _leading_question(sentences)
    for sentence in reversed(sentences):
        if sentence.endswith("?") or _QUESTION_START.match(sentence):
            # a short question ("what do I do?") needs the sentence before it
            if len(sentence.split()) < 5:
                index = sentences.index(sentence)
                return " ".join(sentences[max(index - 1, 0): index + 1])
            return sentence
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class QuestionFocus(GraphComponent):
    """Classifies a long message on its last question; keeps the whole as `full_text`."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"min_words": 25, "patterns_file": "data/safety/urgent_phrases.yml"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.min_words = int(config["min_words"])
        self.patterns = rule.patterns(config["patterns_file"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "QuestionFocus":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training questions are short: they are learnt whole."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            message.set(FULL_TEXT, text, add_to_output=True)
            question = question_in(text, self.min_words)
            if question and not has_danger_evidence(text, self.patterns):
                message.set(TEXT, question)
        return messages
