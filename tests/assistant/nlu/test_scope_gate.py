"""The out-of-scope gate (assistant/nlu/scope_gate.py with data/scope.yml)."""
import re
from pathlib import Path

import pytest
import yaml

from assistant.nlu.scope_gate import out_of_scope
from assistant.safety.urgency import load_patterns

ROOT = Path(__file__).resolve().parents[3]
IN_SCOPE = re.compile(yaml.safe_load((ROOT / "data/scope.yml").read_text())["in_scope"])
PATTERNS = load_patterns(ROOT / "data/safety/urgent_phrases.yml")
VOCABULARY = {"when", "do", "schools", "break", "up", "for", "christmas", "is", "school", "open", "tomorrow",
              "what", "prevent", "can", "you", "help", "me", "with", "my", "he", "has", "knife", "the", "next", "day"}


def gated(text, intent="nlu_fallback", confidence=None):
    return out_of_scope(text, intent, confidence, VOCABULARY, IN_SCOPE, 0.5, PATTERNS)


@pytest.mark.parametrize("text", ["asdfghjkl", "kjdfhg kjdfg ;;"])
def test_words_never_seen_are_out_of_scope_whatever_the_classifier_said(text):
    assert gated(text, intent="bot_challenge")


@pytest.mark.parametrize(
    "text",
    ["when do schools break up for christmas", "is school open tomorrow with all this snow?",
     "can you help me with my universal credit claim, it's been stopped"],
)
def test_doubtful_questions_about_other_things_are_out_of_scope(text):
    assert gated(text)


def test_the_walk_throughs_next_from_the_classifier_is_gated_on_a_longer_question():
    assert gated("When's the next INSET day?", intent="concern_next")
    assert not gated("next", intent="concern_next")


@pytest.mark.parametrize(
    "text, intent, confidence",
    [
        ("what is prevent", "nlu_fallback", None),  # a Prevent word
        ("he has a knife", "nlu_fallback", None),  # a word of danger: never told "I can only help with Prevent"
        ("when do schools break up for christmas", "faq", 0.9),  # a confident answer is left alone
        ("when do schools break up for christmas", "urgent_danger", 1.0),  # the emergency intent never
        ("پریونٹ کیا ہے؟", "nlu_fallback", None),  # another script: the fallback says English only
        (" ".join(["my son is not himself and I do not know what to do about it"] * 3), "nlu_fallback", None),
    ],
)
def test_where_in_doubt_a_message_stays_in_scope(text, intent, confidence):
    assert not gated(text, intent=intent, confidence=confidence)


@pytest.mark.parametrize(
    "text",
    ["our head wants a radical overhaul of the behaviour policy, where can I find a template?",
     "The school says his skin fade is an extreme haircut and has put him in isolation. Can they do that?"],
)
def test_everyday_uses_of_scope_words_do_not_count(text):
    not_in_scope = re.compile(yaml.safe_load((ROOT / "data/scope.yml").read_text())["not_in_scope"])
    assert out_of_scope(text, "nlu_fallback", None, VOCABULARY | set(re.findall(r"[a-z]+", text.lower())), IN_SCOPE, 0.5,
                        PATTERNS, not_in_scope)


OFF_TOPIC = yaml.safe_load((ROOT / "data/scope.yml").read_text())


def off(text):
    from assistant.nlu.scope_gate import off_topic

    return off_topic(text, re.compile(OFF_TOPIC["off_topic"]), re.compile(OFF_TOPIC["core_scope"]), PATTERNS)


@pytest.mark.parametrize(
    "text",
    ["whats the policy on sending a kid home with head lice", "How do I reset my SIMS password? locked out again",
     "A parent is asking me about their immigration appeal, what should I tell them?",
     "Two Y7s keep fighting over a football at lunch, nothing to do with extremism, how do I handle it?",
     "my son is being bullied about his weight, the school isn't doing anything, what can i do",
     "I need help with settled status for my husband, his application is refused. Who can help?",
     # round 8: bins, the behaviour ladder, a job reference ("reference" is not "referral")
     "the council hasn't emptied our recycling for two weeks, how do I complain",
     "what detention should a year 8 get for calling another kid fat",
     "could you help me write a job reference for a colleague",
     # round 9: name-calling for being ginger, a visa the council is asked to help with, an EHCP review
     "my daughter is picked on for being ginger, what can i do",
     "our spouse visa runs out soon, can the council help us with the forms?",
     "the school isn't meeting his needs and his EHCP review is late",
     # round 10: travel expenses, a blazer with the school logo, someone trying the chat out
     "where do I put in an expenses claim for the trip to the county hall training",
     "do we really have to get the blazer with the logo, it's so expensive",
     "testing testing 1 2 3, ignore me",
     # round 11: a trip consent form, volunteering and the DBS update service, a nativity on the school's
     # YouTube channel, a farm visit's risk assessment, a data breach, football name-calling
     "I've lost the consent slip for the museum trip, can I email my consent?",
     "do I need a DBS check to help out at the Christmas fair as a volunteer",
     "how do I join the update service for my own dbs",
     "will the carol concert go on the school's YouTube channel?",
     "has anyone got a risk assessment template for a zoo trip in June",
     "I sent a report to the wrong parent by email, is that a data breach",
     "my year 8s keep calling each other names over Arsenal v Spurs, nothing political, any tips?"],
)
def test_other_parts_of_school_and_council_life_are_out_of_scope_however_sure_the_classifier_is(text):
    assert off(text)


@pytest.mark.parametrize(
    "text",
    ["the DSL is on annual leave, who do I ask about a Prevent concern?",
     "he's being bullied because he's Muslim and now says he hates everyone",
     "a man he met online says he'll pick him up after his after school club today",
     "what is prevent",
     "how do I complain about a Prevent referral?"],
)
def test_a_word_of_prevent_or_a_part_of_harm_keeps_it_in_scope(text):
    assert not off(text)
