"""The emergency NLU component, on real Rasa messages."""
from pathlib import Path

from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.faq_confidence import FaqConfidenceGate
from assistant.nlu.urgent_phrases import UrgentPhraseClassifier

PATTERNS = str(Path(__file__).resolve().parents[3] / "data" / "safety" / "urgent_phrases.yml")


def message(text, intent, confidence=0.9, selector_confidence=None):
    data = {"text": text, "intent": {"name": intent, "confidence": confidence}, "intent_ranking": [{"name": intent, "confidence": confidence}]}
    if selector_confidence is not None:
        data["response_selector"] = {"faq": {"response": {"confidence": selector_confidence, "intent_response_key": "faq/what_is_channel"}, "ranking": []}}
    return Message(data=data)


def classify(msg):
    return UrgentPhraseClassifier({"patterns_file": PATTERNS}).process([msg])[0]


def test_a_matching_pattern_overrides_whatever_the_classifier_said():
    out = classify(message("my son is leaving for syria tonight", "faq"))
    assert out.get("intent") == {"name": "urgent_danger", "confidence": 1.0}
    assert out.get("intent_ranking")[0]["name"] == "urgent_danger"
    assert out.get("intent_before_urgent_phrases") == "faq"


def test_the_classifiers_own_urgent_intent_stands_when_no_pattern_matches():
    out = classify(message("something awful is about to kick off with the lads", "urgent_danger"))
    assert out.get("intent")["name"] == "urgent_danger"


def test_a_question_about_danger_is_overruled_to_a_question():
    out = classify(message("what are the signs someone is planning an attack", "urgent_danger"))
    assert out.get("intent")["name"] == "ask_about_danger"


def test_button_payloads_are_left_alone():
    assert classify(message("/affirm", "affirm")).get("intent")["name"] == "affirm"


def test_a_doubtful_faq_answer_falls_back():
    out = FaqConfidenceGate({"threshold": 0.35}).process([message("channel or hub?", "faq", selector_confidence=0.2)])[0]
    assert out.get("intent")["name"] == "nlu_fallback"


def test_a_confident_faq_answer_stands():
    out = FaqConfidenceGate({"threshold": 0.35}).process([message("what is channel", "faq", selector_confidence=0.9)])[0]
    assert out.get("intent")["name"] == "faq"


def test_a_pattern_the_gateway_found_before_redaction_makes_it_urgent():
    # "STUDENT <PERSON> IN THE BOYS <PERSON> ...": the words were taken for names
    msg = message("STUDENT <PERSON> IN THE BOYS <PERSON> WITH A LIGHTER", "faq")
    msg.set("metadata", {"audience": "staff", "urgent_pattern": "held"})
    result = classify(msg)
    assert result.get("intent")["name"] == "urgent_danger"
    assert result.get("urgent_pattern") == "held"


def test_without_it_the_redacted_text_alone_is_not_urgent():
    result = classify(message("STUDENT <PERSON> IN THE BOYS <PERSON> WITH A LIGHTER", "faq"))
    assert result.get("intent")["name"] == "faq"
