"""The nearest-question blend: it moves the answer only when the neighbours say so."""
from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.topic_neighbours import TopicNeighbours

QUESTIONS = {
    "faq/what_is_channel": ["what is channel", "tell me about the channel programme", "what does a channel panel do"],
    "faq/criminal_record": ["will my child get a criminal record", "does a referral go on his record", "is prevent a criminal matter"],
    "faq/helplines": ["which number can I ring for advice", "is there a helpline", "who can I phone"],
}
RESPONSES = {f"utter_{topic}": [{"text": f"answer about {topic}"}] for topic in QUESTIONS}


def training_data():
    examples = [
        Message(data={"text": text, "intent": "faq", "intent_response_key": topic})
        for topic, texts in QUESTIONS.items()
        for text in texts
    ]
    examples.append(Message(data={"text": "hello there", "intent": "greet"}))
    return TrainingData(training_examples=examples, responses=RESPONSES)


def component(tmp_path, **config):
    (tmp_path / "storage").mkdir(exist_ok=True)
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("neighbours")
    settings = {**TopicNeighbours.get_default_config(), **config}
    trained = TopicNeighbours.create(settings, storage, resource, ExecutionContext(GraphSchema({}), "test"))
    trained.train(training_data())
    return trained, storage, resource, settings


def selector_says(text, ranking, intent=("faq", 0.99)):
    top = ranking[0]
    return Message(data={
        "text": text,
        "intent": {"name": intent[0], "confidence": intent[1]},
        "response_selector": {
            "all_retrieval_intents": ["faq"],
            "faq": {
                "response": {"responses": RESPONSES[f"utter_{top[0]}"], "confidence": top[1], "intent_response_key": top[0], "utter_action": f"utter_{top[0]}"},
                "ranking": [{"id": n, "confidence": c, "intent_response_key": t} for n, (t, c) in enumerate(ranking)],
            },
        },
    })


UNSURE = [("faq/helplines", 0.40), ("faq/criminal_record", 0.35), ("faq/what_is_channel", 0.25)]


def test_an_unsure_selector_is_corrected_by_the_nearest_questions(tmp_path):
    blender, *_ = component(tmp_path)
    message = selector_says("would a prevent referral give my son a criminal record", UNSURE)
    blender.process([message])
    faq = message.get("response_selector")["faq"]
    assert faq["response"]["intent_response_key"] == "faq/criminal_record"
    assert faq["response"]["utter_action"] == "utter_faq/criminal_record"
    assert faq["response"]["responses"] == RESPONSES["utter_faq/criminal_record"]
    assert faq["selector_top"] == "faq/helplines"
    confidences = [r["confidence"] for r in faq["ranking"]]
    assert confidences == sorted(confidences, reverse=True)
    assert faq["response"]["confidence"] == confidences[0]
    assert sum(confidences) == pytest.approx(1.0)


def test_with_no_weight_the_selector_decides(tmp_path):
    blender, *_ = component(tmp_path, weight=0.0)
    message = selector_says("would a prevent referral give my son a criminal record", UNSURE)
    blender.process([message])
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/helplines"


def test_a_confident_selector_is_not_overruled_by_a_close_call(tmp_path):
    blender, *_ = component(tmp_path)
    message = selector_says("what is channel", [("faq/what_is_channel", 0.95), ("faq/helplines", 0.05)])
    blender.process([message])
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/what_is_channel"


def test_a_message_that_is_surely_another_intent_is_left_alone(tmp_path):
    blender, *_ = component(tmp_path)
    message = selector_says("would a prevent referral give my son a criminal record", UNSURE, intent=("greet", 0.9))
    before = message.get("response_selector")["faq"]
    blender.process([message])
    assert message.get("response_selector")["faq"] == before


@pytest.mark.parametrize("intent", [("greet", 0.7), ("nlu_fallback", 0.5), ("faq", 0.3)])
def test_a_message_that_might_still_be_a_question_is_blended(tmp_path, intent):
    blender, *_ = component(tmp_path)
    message = selector_says("would a prevent referral give my son a criminal record", UNSURE, intent=intent)
    blender.process([message])
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/criminal_record"


def test_with_no_skip_bar_every_message_is_blended(tmp_path):
    blender, *_ = component(tmp_path, skip_other_intent_above=None)
    message = selector_says("would a prevent referral give my son a criminal record", UNSURE, intent=("greet", 0.99))
    blender.process([message])
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/criminal_record"


def test_a_saved_model_loads_and_answers_the_same(tmp_path):
    blender, storage, resource, settings = component(tmp_path)
    loaded = TopicNeighbours.load(settings, storage, resource, ExecutionContext(GraphSchema({}), "test"))
    first, second = (selector_says("is there a number to call", UNSURE) for _ in range(2))
    blender.process([first])
    loaded.process([second])
    assert first.get("response_selector") == second.get("response_selector")
    assert loaded.topics == sorted(QUESTIONS)


def test_messages_without_a_selector_result_are_left_alone(tmp_path):
    blender, *_ = component(tmp_path)
    message = Message(data={"text": "hello", "intent": {"name": "greet", "confidence": 1.0}})
    blender.process([message])
    assert message.get("response_selector") is None


def test_training_without_faq_questions_says_what_is_wrong(tmp_path):
    (tmp_path / "storage").mkdir()
    blender = TopicNeighbours.create(
        TopicNeighbours.get_default_config(), LocalModelStorage(tmp_path / "storage"), Resource("n"), ExecutionContext(GraphSchema({}), "test")
    )
    with pytest.raises(ValueError, match="no training questions"):
        blender.train(TrainingData(training_examples=[Message(data={"text": "hi", "intent": "greet"})]))


def test_the_classifier_joins_the_vote_and_is_saved_with_the_model(tmp_path):
    blender, storage, resource, settings = component(tmp_path, classifier_share=0.5)
    assert blender.coefficients.shape == (len(QUESTIONS), blender.embeddings.shape[1])
    message = selector_says("would a prevent referral give my son a criminal record", UNSURE)
    blender.process([message])
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/criminal_record"

    loaded = TopicNeighbours.load(settings, storage, resource, ExecutionContext(GraphSchema({}), "test"))
    vectors = blender.embeddings[:2]
    assert loaded.neighbour_probabilities(vectors) == pytest.approx(blender.neighbour_probabilities(vectors))
    nearest_only = TopicNeighbours.load({**settings, "classifier_share": 0.0}, storage, resource, ExecutionContext(GraphSchema({}), "test"))
    assert nearest_only.neighbour_probabilities(vectors) != pytest.approx(blender.neighbour_probabilities(vectors))


def test_without_a_classifier_share_no_classifier_is_trained(tmp_path):
    blender, *_ = component(tmp_path)
    assert blender.coefficients is None


def test_the_configured_skip_bar_leaves_nothing_the_fallback_could_act_on():
    """A skipped message keeps the selector's own ranking; that is safe only if
    Rasa's FallbackClassifier can never turn it into "Did you mean ...?": the
    top intent must clear the threshold, and beat any other intent (at most
    1 - bar) by more than the ambiguity threshold."""
    import yaml

    pipeline = yaml.safe_load((Path(__file__).resolve().parents[3] / "config.yml").read_text())["pipeline"]
    neighbours = next(c for c in pipeline if c["name"].endswith("TopicNeighbours"))
    fallback = next(c for c in pipeline if c["name"] == "FallbackClassifier")
    bar = neighbours.get("skip_other_intent_above", TopicNeighbours.get_default_config()["skip_other_intent_above"])
    assert bar is None or (bar > fallback["threshold"] and bar - (1 - bar) > fallback["ambiguity_threshold"])


def test_the_reviewed_extra_wordings_all_name_topics_that_have_training_questions():
    from assistant.nlu.topic_neighbours import extra_questions

    root = Path(__file__).resolve().parents[3]
    raw = yaml.safe_load((root / "data/neighbours/wordings.yml").read_text(encoding="utf-8"))
    topics = set(raw["topics"])
    rows = extra_questions(str(root / "data/neighbours/wordings.yml"), "faq", {f"faq/{t}" for t in topics})
    assert len(rows) == sum(len(v) for v in raw["topics"].values()) > 0
    with pytest.raises(ValueError, match="not an FAQ topic"):
        extra_questions(str(root / "data/neighbours/wordings.yml"), "faq", {"faq/what_is_prevent"})


def test_no_extra_wordings_file_adds_nothing():
    from assistant.nlu.topic_neighbours import extra_questions

    assert extra_questions(None, "faq", {"faq/what_is_prevent"}) == []


def test_a_topic_listed_twice_in_the_wordings_is_an_error(tmp_path):
    from assistant.nlu.topic_neighbours import extra_questions

    wordings = tmp_path / "wordings.yml"
    wordings.write_text("topics:\n  what_is_prevent:\n  - a\n  what_is_prevent:\n  - b\n")
    with pytest.raises(ValueError, match="listed twice"):
        extra_questions(str(wordings), "faq", {"faq/what_is_prevent"})
