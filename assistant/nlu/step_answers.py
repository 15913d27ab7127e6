"""NLU component: a member of staff's own words for the steps of the concern walk-through.

The walk-through (actions/concern_process.py) moves on events: yes, no, not
sure, next, back, start again. Its buttons send those events exactly, but
people type: "yes, she told me she's leaving for the airport tonight", "no,
nobody's in danger, he's in lessons", "done", "I've written it up and told the
DSL. Now what?", "sorry, I pressed the wrong one, nobody is in danger". And a
teacher who describes what a pupil said or did is starting a concern, whether
or not they say the word.

This component reads the reviewed phrases in `data/concern/step_answers.yml`
and sets the intent the walk-through understands:
- staff (the audience the gateway set): step answers become `affirm`, `deny`,
  `unsure`, `concern_next`, `concern_back`, `concern_restart`; a description of
  a pupil's words or behaviour becomes `describe_concern`;
- parents: a message that describes a worry about their own child and is
  either doubtful ("Did you mean ...?") or asks where to start becomes
  `describe_concern`, which gives the parent route (their DSL, ACT Early).
It runs before the emergency layer, which has the last word.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.faq_confidence import faq_confidence
from assistant.nlu.question_focus import full_text, question_in
from assistant.safety import rule
from assistant.safety.urgency import live_now, normalise, parts_of_harm, plan_under_way, says_no_danger

# Parts of harm that a report of a pupil's talk or searches may hold without a plan or a time.
TALK_OF_HARM = {"harm_others", "weapon", "for_cause", "bomb_making"}
# Parts that, with talk of harm and no sign of anything happening now, are still a
# report (round 10 walk-throughs): "has gone really quiet" (arranged: gone), a
# WhatsApp group's "the kuffar will pay" shown to a TA (ominous).
REPORTED_NOT_LIVE = {"arranged", "ominous"}

DESCRIBE = "describe_concern"
# A correction towards yes ("sorry I said no but I was wrong, they are collecting
# her today"): the intent is `affirm`, and the walk-through takes it from any
# step to the child-protection route (actions/concern.py reads `step_answer`).
CORRECT_YES = "correct_yes"
# "The DSL is off site": marked as this step answer, with the intent
# `concern_next` so that the walk-through's action runs (actions/concern.py).
DSL_UNAVAILABLE = "dsl_unavailable"
# "No, nobody's at risk. And it's recorded and the DSL's got it.": a no that says
# step 1 is done too; the intent is `deny`, and the walk-through goes on to step 2.
DENY_DONE = "deny_done"
# "wait, I got that wrong, I haven't actually told the DSL": back one step.
NOT_DONE = "not_done"
# "skip to step 3", "go back to step 2": `goto_step_<n>`, with the intent `concern_next`.
GOTO_STEP = "goto_step_"
# "ok yes, I've done that bit, carry on": `affirm`; past the danger question the
# walk-through takes it as "what next" (actions/concern.py).
YES_AND_ON = "yes_and_on"
# Intents a step answer or a description may replace. Greetings, thanks and the
# emergency intents are left alone.
REPLACEABLE = {"faq", "nlu_fallback", "out_of_scope", "raise_concern", "affirm", "deny", "unsure",
               "concern_next", "concern_back", "concern_restart", "something_else", "bot_challenge",
               "ask_about_danger", "goodbye", "thank", "greet", DESCRIBE}
# Longer messages are not step answers, unless they say "what next" or "wrong button".
STEP_ANSWER_MAX_WORDS = 30
# How far into a message "start again" or "go back" may come and still be meant.
OPENING_WORDS = 3
DESCRIPTION_MIN_WORDS = 5
LONG_HEDGE_WORDS = 12
# Measured on the FAQ questions that read like descriptions (held-out and
# training, 106) and the blind rounds' walk-throughs (75): at 0.6, 12 of the
# questions and all 75 walk-throughs start the process.
DESCRIPTION_FAQ_CONFIDENCE = 0.6
# The classifier's own yes/no on a question longer than this is not trusted.
YES_NO_MAX_WORDS = 5
# A question of its own in an answer ("yes but is Channel voluntary?"); a hedge
# with a question mark ("I don't know, she said soon, maybe the holidays?") is not.
_ASKS = re.compile(r"\b(is|are|can|could|do|does|did|will|would|should|shall|what|whats|how|why|who|when|where|which|wont|isnt)\b[^?]{0,60}\?")
_QUESTION_START = re.compile(r"^(can|could|do|does|did|is|are|will|would|should|shall|may|what|how|why|who|when|where|which)\b")


class StepPhrases:
    """The reviewed phrases, compiled."""

    def __init__(self, raw: Dict[Text, Any]) -> None:
        self.patterns = {key: re.compile(value) for key, value in raw.items() if isinstance(value, str)}

    @classmethod
    def load(cls, path: str | Path) -> "StepPhrases":
        return cls(yaml.safe_load(Path(path).read_text(encoding="utf-8")))

    def has(self, key: Text, norm: Text) -> bool:
        return bool(self.patterns[key].search(norm))

    def step_answer(self, text: Text) -> Optional[Text]:
        """The walk-through intent this message answers with, if it is a step answer."""
        norm = normalise(text)
        words = len(norm.split())
        if self.has("correction", norm) and self.has("correction_no", norm):
            return "deny"
        if self.has("harm_disclosed", norm):
            return CORRECT_YES
        # "not sure... his cousin is driving him to Heathrow after school today":
        # an unsure answer (or a yes) that tells of a plan under way is a yes. A
        # description alone ("she's flying to Somalia on Thursday to meet her
        # grandma", round 10) is not an answer, and is left to the process.
        if ((self.has("unsure", norm) or self.has("affirm", norm)) and plan_under_way(text, rule.patterns())
                and not says_no_danger(text, rule.patterns())):
            return CORRECT_YES
        if self.has("correction", norm) and self.has("not_done", norm):
            return "concern_back"
        if self.has("correction_yes", norm):
            # "I meant yes, she's at risk of being radicalised - not that anyone's
            # going to get hurt today": the no to danger wins
            return "deny" if self.has("correction_no", norm) else CORRECT_YES
        if self.has("after_hub", norm) and words <= 30:
            return GOTO_STEP + "3"
        step = self.patterns["goto_step"].search(norm)
        if step and words <= 12:
            return GOTO_STEP + {"one": "1", "two": "2", "three": "3"}.get(step.group("step"), step.group("step"))
        # "start again - I've just found out his best mate did the same one": a
        # message that opens with it means it, however long the reason after it
        if self._opens_with("restart", norm) or (self.has("restart", norm) and words <= 12):
            return "concern_restart"
        if self._opens_with("back", norm) or (self.has("back", norm) and words <= 12):
            return "concern_back"
        if self.has("progress_yes", norm):
            return "concern_next"
        if words > STEP_ANSWER_MAX_WORDS:
            return "concern_next" if self.has("next", norm) and not self._asks_besides_next(norm) else None
        # "yes but is Channel voluntary?" or "nobody is at risk, I just want to
        # know how to record it" is a question, not an answer
        asked = self.patterns["process_question"].sub(" ", norm)
        asks = bool(_ASKS.search(asked)) or self.has("question", asked)
        # "yes I'm worried, that's why I'm here, but he's not in danger": a no
        if (self.has("affirm", norm) and (self.has("correction_no", norm) or says_no_danger(text, rule.patterns())) and not asks
                and not live_now(text, rule.patterns()) and not parts_of_harm(text, rule.patterns())):
            return "deny"
        for key in ("deny", "affirm"):
            if self.has(key, norm) and not asks:
                if key == "affirm" and self.has("yes_and_on", norm):
                    return YES_AND_ON
                return DENY_DONE if key == "deny" and self._says_done(norm) else key
        if not asks and self.has("no_danger", norm):
            return "deny"
        if self.has("unsure", norm) and not asks:
            return "unsure"
        if self.has("next", norm) and not self._asks_besides_next(norm):
            return "concern_next"
        return None

    def _opens_with(self, key: Text, norm: Text) -> bool:
        """The pattern starts within the message's first three words ("sorry, can
        we start again, ...", "ok go back a step, I ...")."""
        found = self.patterns[key].search(norm)
        return bool(found) and len(norm[: found.start()].split()) <= OPENING_WORDS

    def _says_done(self, norm: Text) -> bool:
        """"no, nobody's at risk, and it's recorded and the DSL's got it": the rest
        of a no reports step 1 done (and does not say it is not done)."""
        rest = self.patterns["what_next"].sub(" ", self.patterns["deny"].sub(" ", norm, count=1))
        return self.has("next", rest) and not self.has("not_done", rest)

    def _asks_besides_next(self, norm: Text) -> bool:
        """"Quick one before I carry on: would he get a record?" asks something else."""
        rest = self.patterns["what_next"].sub(" ", norm)
        return "?" in rest and (len(rest.split()) > 6 or bool(re.search(r"\b(if|when|about)\b", rest)))

    def demoted_yes_no(self, text: Text, intent: Text, selector: Optional[Dict[Text, Any]]) -> Optional[Text]:
        """The classifier's yes, no or not sure on a longer message that is not a
        step answer ("can I say no to Channel for my son?") is a question: the
        FAQ answer if the selector has a good one, else "Did you mean ...?"."""
        norm = normalise(text)
        if intent not in ("affirm", "deny", "unsure") or len(norm.split()) <= YES_NO_MAX_WORDS:
            return None
        if not ("?" in norm or _QUESTION_START.match(norm)):
            return None  # "it might be, I can't tell" answers; it does not ask
        return "faq" if (faq_confidence({"response_selector": selector}) or 0.0) >= 0.3 else "nlu_fallback"

    def describes_pupil(self, text: Text) -> bool:
        norm = normalise(text)
        return (
            len(norm.split()) >= DESCRIPTION_MIN_WORDS
            and self.has("pupil", norm)
            and self.has("behaviour", norm)
            and not self.has("general_question", norm)
        )

    def describes_own_child(self, text: Text) -> bool:
        norm = normalise(text)
        return self.has("own_child", norm) and (self.has("worry", norm) or self.has("behaviour", norm))


def intent_for(phrases: StepPhrases, text: Text, intent: Text, audience: Text,
               question: Optional[Text] = None, faq_confidence_: Optional[float] = None) -> Optional[Text]:
    """The intent to set instead of `intent`, or None to leave it.

    `question` is the sentence a long message is classified on (see
    assistant/nlu/question_focus.py): a description followed by a general question
    ("... where do schools in Luton go for advice?") is that question. A
    description that the FAQ answers with confidence (`faq_confidence_` at
    least DESCRIPTION_FAQ_CONFIDENCE: "a kid in my class said the victims
    deserved it, how do I deal with that in the room?") gets that answer."""
    if not text or text.startswith("/") or intent not in REPLACEABLE:
        return None
    if intent in ("raise_concern", "unsure", "nlu_fallback") and phrases.has("not_sure_if_concern", normalise(text)):
        return "faq"  # "not sure whether what a pupil said counts as a concern": the FAQ answers it
    if audience == "staff":
        if phrases.has("dsl_unavailable", normalise(text)):
            return DSL_UNAVAILABLE
        answer = phrases.step_answer(text)
        # "Not sure if this is even Prevent. Y7 boy says his cousins told him to ..."
        # is a description that starts with a hedge, not an answer
        if answer == "unsure" and len(normalise(text).split()) > LONG_HEDGE_WORDS and phrases.describes_pupil(text):
            return DESCRIBE
        if answer:
            return answer
        norm = normalise(text)
        if phrases.has("pupil_in_mind", norm) and intent != "raise_concern":
            return "raise_concern"
        if (phrases.has("start", norm) and not phrases.describes_pupil(text)
                and not phrases.has("general_question", norm) and intent != "raise_concern"):
            return "raise_concern"
        if not phrases.describes_pupil(text) or (question and phrases.has("general_question", normalise(question))):
            return None
        # A description that asks nothing, or asks whether it is a concern, is a
        # concern; one with a question of its own gets the FAQ answer if the
        # selector is sure of it.
        asks = "?" in norm or bool(_QUESTION_START.match(norm)) or phrases.has("question", norm)
        confident_answer = intent == "faq" and (faq_confidence_ or 0.0) >= DESCRIPTION_FAQ_CONFIDENCE
        if phrases.has("is_it_a_concern", norm) or not asks or not confident_answer:
            return DESCRIBE
        return None
    if phrases.describes_own_child(text) and (
        intent == "nlu_fallback" or (intent == "faq" and phrases.has("seeking_help", normalise(text)))
    ):
        return DESCRIBE
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StepAnswers(GraphComponent, IntentClassifier):
    """Sets the walk-through's intent for step answers and descriptions of a pupil."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"phrases_file": "data/concern/step_answers.yml", "patterns_file": "data/safety/urgent_phrases.yml"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.phrases = StepPhrases.load(config["phrases_file"])
        self.patterns = rule.patterns(config["patterns_file"])

    def _plain_no_to_the_classifiers_emergency(self, message: Message, text: Text, intent: Text,
                                                audience: Text) -> bool:
        """"no, not right now, he's in class and seems fine": the classifier's own
        emergency intent, with no reviewed emergency phrase and no part of harm in
        the message, on a plain "no" from staff, is that "no". A message the
        emergency layer recognised keeps its emergency route."""
        return (
            audience == "staff" and intent == "urgent_danger" and not message.get("urgent_pattern")
            and self.phrases.step_answer(text) == "deny"
            and (not parts_of_harm(text, self.patterns)
                 # "no, he's safe in school, it's the videos and the group" (round 10)
                 or (says_no_danger(text, self.patterns) and not live_now(text, self.patterns)))
        )

    def _staff_report_of_views(self, message: Message, text: Text, intent: Text, audience: Text) -> bool:
        """"a year 9 says the English all deserve to die" / "a coming race war":
        the classifier's own emergency intent on a staff member's report of what
        a pupil said or showed, with no reviewed emergency phrase, no part of
        harm (a weapon, a plan, travel to join, a pick-up, self-harm), is a
        description, even when it happened "today": the process then asks first
        whether anyone is at immediate risk, and a yes there is the emergency
        route. Measured on the blind rounds: no emergency lost, two false
        emergencies fewer (round 5 walk-throughs). Talk of harm alone, with no
        time and nothing happening now ("telling his mates 'our lot should stab
        the police'", "pretends his lunchbox is a bomb"), is a report too
        (round 7 walk-throughs)."""
        if not (audience == "staff" and intent == "urgent_danger" and not message.get("urgent_pattern")
                and self.phrases.describes_pupil(text)):
            return False
        parts = set(parts_of_harm(text, self.patterns))
        return not parts or (parts <= TALK_OF_HARM | REPORTED_NOT_LIVE and not live_now(text, self.patterns))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "StepAnswers":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            audience = (message.get("metadata") or {}).get("audience", "parent")
            whole = full_text(message) or message.get(TEXT) or ""
            question = question_in(whole)
            confidence = faq_confidence({"response_selector": message.get("response_selector")})
            replacement = intent_for(self.phrases, whole, intent, audience, question, confidence)
            if replacement is None and self._plain_no_to_the_classifiers_emergency(message, whole, intent, audience):
                replacement = "deny"
            if replacement is None and self._staff_report_of_views(message, whole, intent, audience):
                replacement = DESCRIBE
            if replacement is None:
                replacement = self.phrases.demoted_yes_no(whole, intent, message.get("response_selector"))
            if replacement is None:
                continue
            # marked even when the classifier already agreed, so that the scope
            # gate after this leaves an understood step alone
            message.set("step_answer", replacement, add_to_output=True)
            if replacement == CORRECT_YES:
                replacement = "affirm"
            if replacement == DENY_DONE:
                replacement = "deny"
            if replacement == YES_AND_ON:
                replacement = "affirm"
            if replacement.startswith(GOTO_STEP):
                replacement = "concern_next"
            if replacement == DSL_UNAVAILABLE:
                replacement = "concern_next"
            if replacement == intent:
                continue
            chosen = {"name": replacement, "confidence": 1.0}
            message.set(INTENT, chosen, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != replacement]
            message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
            message.set("intent_before_step_answers", intent, add_to_output=True)
        return messages
