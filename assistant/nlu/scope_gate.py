"""NLU component: an honest "I can only help with Prevent" instead of a guess.

Two kinds of message are outside what the assistant can answer:
- words it has never seen at all ("asdfghjkl", "kjdfhg kjdfg"): no word of the
  message is in the training questions' vocabulary;
- a question about something else ("how many days annual leave do support
  staff get", "is school open tomorrow with all this snow?"), which the
  classifiers can only guess at: a "Did you mean ...?" message, or an FAQ answer
  chosen with less than `faq_confidence_below` confidence, that holds none of
  the words in `data/scope.yml`.
Both become `out_of_scope`, whose reply says so plainly and points to a person.
Where in doubt, a message stays in scope: one longer than 25 words, or with
any word of danger in it, is never gated. Confident answers, the walk-through's
steps and the emergency intent are never touched; a message mostly in another script is left to the fallback, which
says the assistant reads English only.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.language import mostly_other_script
from assistant.nlu.faq_confidence import faq_confidence
from assistant.nlu.follow_up import FOLLOW_UP
from assistant.nlu.question_focus import full_text
from assistant.safety import rule
from assistant.safety.urgency import UrgentPatterns, has_danger_evidence, parts_of_harm, urgent_match

OUT_OF_SCOPE = "out_of_scope"
# The intents the gate may replace; everything else (greetings, the steps of the
# walk-through, emergencies) is left as it is.
DESCRIBE = "describe_concern"
# The off-topic rule also covers a description and the FAQ, whatever their confidence.
OFF_TOPIC_GATED = {"nlu_fallback", "faq", "bot_challenge", "something_else", "concern_next", DESCRIBE, "raise_concern"}
GATED = {"nlu_fallback", "faq", "bot_challenge", "something_else", "greet", "goodbye", "thank", "concern_next"}
_WORD = re.compile(r"[a-z]{2,}")
LONG_MESSAGE_WORDS = 25
# "Nothing to do with extremism. What's the anti-bullying procedure?"
_NOT_ABOUT = re.compile(r"\b(nothing to do with|not about|not related to|unrelated to|not linked to|not a)( \w+){1,2}"
                        # "the school's YouTube channel" is not Channel
                        r"|\b(youtube|yt|tiktok|twitch|instagram|whatsapp|teams|tv|telly|schools|school s) channel\b")
_QUOTES = re.compile("[\'\"\u2018\u2019\u201c\u201d]")
_POLITE_HELP = re.compile(r"\bhelp(ing)? out\b|\b(can|could|would) (you|the council|the school|someone|anyone|they) (please )?help( me| us)?( with)?\b|\bhelp me with\b|\b(i|we) need (some )?help( with)?\b|\bwho can help\b|\bhelp with\b")


def words(text: Text) -> List[Text]:
    return _WORD.findall(text.lower())


def unknown_words_only(text: Text, vocabulary: Set[Text]) -> bool:
    """True when the message has words and none of them was ever in a training question."""
    found = words(text)
    return bool(found) and not any(w in vocabulary for w in found)


def off_topic(text: Text, off_topic_: Optional[re.Pattern], core_scope: Optional[re.Pattern],
              patterns: Optional[UrgentPatterns] = None) -> bool:
    """A question about another part of school or council life (a password, head
    lice, term dates, settled status, a fight "nothing to do with extremism"),
    with no word of Prevent itself and no part of harm: out of scope, however sure
    the classifier is (its confidence on a subject it was never taught is noise)."""
    if off_topic_ is None or core_scope is None or not text or text.startswith("/"):
        return False
    lower = _QUOTES.sub("", text.lower())
    if not off_topic_.search(lower) or core_scope.search(_NOT_ABOUT.sub(" ", lower)):
        return False
    # a word of danger outside the off-topic phrase keeps it in scope ("watching
    # beheading videos on the school bus"; but not "keep fighting over a football")
    rest = off_topic_.sub(" ", lower)
    # ("arranged" alone is any "got a" or "booked": "got a risk assessment template for a zoo trip")
    return not (patterns and (urgent_match(text, patterns) or set(parts_of_harm(text, patterns)) - {"arranged"}
                              or has_danger_evidence(_POLITE_HELP.sub(" ", rest), patterns)))


def out_of_scope(text: Text, intent: Text, confidence: Optional[float], vocabulary: Set[Text],
                 in_scope: re.Pattern, faq_below: float, patterns: Optional[UrgentPatterns] = None,
                 not_in_scope: Optional[re.Pattern] = None) -> bool:
    """Whether this message, classified as `intent`, is outside the assistant's scope.

    Where in doubt, it is not: a long message (people do not write 25 words about
    term dates), any word of danger, and any part of imminent harm but a time
    ("they'll collect her from the gate") keep the message in scope, so that a
    worried person is never told "I can only help with Prevent"."""
    if intent not in GATED or not text or text.startswith("/") or mostly_other_script(text):
        return False
    if unknown_words_only(text, vocabulary):
        return True
    doubtful = (
        intent == "nlu_fallback"
        or (intent == "faq" and (confidence or 0.0) < faq_below)
        # "When's the next INSET day?" is not the walk-through's "next"
        or (intent == "concern_next" and len(words(text)) > 3)
    )
    lower = _NOT_ABOUT.sub(" ", _QUOTES.sub("", text.lower()))
    if not_in_scope is not None:
        lower = not_in_scope.sub(" ", lower)
    if not doubtful or in_scope.search(lower) or len(words(text)) > LONG_MESSAGE_WORDS:
        return False
    # "can you help me with my claim" asks for help, but not because of a danger
    return not (patterns and (has_danger_evidence(_POLITE_HELP.sub(" ", text.lower()), patterns)
                              or parts_of_harm(text, patterns)))


def confidence_of(message: Message) -> Optional[float]:
    return faq_confidence({"response_selector": message.get("response_selector")})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ScopeGate(GraphComponent, IntentClassifier):
    """Turns gibberish and doubtful questions about other things into `out_of_scope`."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"scope_file": "data/scope.yml", "faq_confidence_below": 0.5,
                "patterns_file": "data/safety/urgent_phrases.yml"}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Set[Text]] = None) -> None:
        self.config = config
        self._storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or set()
        raw = yaml.safe_load(Path(config["scope_file"]).read_text(encoding="utf-8"))
        self.in_scope = re.compile(raw["in_scope"])
        self.not_in_scope = re.compile(raw.get("not_in_scope") or r"(?!)")
        self.off_topic = re.compile(raw["off_topic"]) if raw.get("off_topic") else None
        self.core_scope = re.compile(raw["core_scope"]) if raw.get("core_scope") else None
        self.patterns = rule.patterns(config["patterns_file"])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ScopeGate":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.vocabulary = {w for m in training_data.training_examples for w in words(m.get(TEXT) or "")}
        with self._storage.write_to(self._resource) as directory:
            (directory / "vocabulary.json").write_text(json.dumps(sorted(self.vocabulary)))
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "ScopeGate":
        with model_storage.read_from(resource) as directory:
            vocabulary = set(json.loads((directory / "vocabulary.json").read_text()))
        return cls(config, model_storage, resource, vocabulary)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            text = full_text(message) or message.get(TEXT) or ""
            step = message.get("step_answer")
            if intent in OFF_TOPIC_GATED and (not step or step == DESCRIBE) and off_topic(
                    text, self.off_topic, self.core_scope, self.patterns):
                pass  # a description or question about something else ("two Y7s keep fighting over a football")
            elif step or message.get(FOLLOW_UP):
                continue  # a step of the walk-through ("nxt", "spoke to mum"), or a follow-up, understood
            elif not out_of_scope(text, intent, confidence_of(message), self.vocabulary, self.in_scope,
                                  self.config["faq_confidence_below"], self.patterns, self.not_in_scope):
                continue
            replaced = {"name": OUT_OF_SCOPE, "confidence": 1.0}
            message.set(INTENT, replaced, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != OUT_OF_SCOPE]
            message.set(INTENT_RANKING_KEY, [replaced] + ranking, add_to_output=True)
            message.set("intent_before_scope_gate", intent, add_to_output=True)
        return messages
