"""The question tokeniser: Rasa's tokens for questions, none for the attached answers."""
import copy
from pathlib import Path

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.question_tokenizer import QuestionTokenizer

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def training_data():
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(ROOT / "domain.yml"), training_data_paths=[str(ROOT / "data" / "nlu")]
    )
    return importer.get_nlu_data()


def tokens_of(data, attributes):
    return [
        (attribute, [(t.text, t.start, t.end) for t in message.get(TOKENS_NAMES[attribute]) or []])
        for message in data.training_examples
        for attribute in attributes
    ]


def tokenise(cls, data):
    data = copy.deepcopy(data)
    cls(cls.get_default_config()).process_training_data(data)
    return data


def test_questions_and_labels_get_exactly_rasas_tokens(training_data):
    attributes = ["text", "intent", "intent_response_key", "action_name", "action_text"]
    expected = tokens_of(tokenise(WhitespaceTokenizer, training_data), attributes)
    assert sum(len(tokens) for _, tokens in expected) > 10_000
    assert tokens_of(tokenise(QuestionTokenizer, training_data), attributes) == expected


def test_the_attached_answers_are_not_tokenised(training_data):
    ours = tokenise(QuestionTokenizer, training_data)
    answered = [m for m in ours.training_examples if m.get("response")]
    assert answered, "no training question carries its answer: the test data is wrong"
    assert all(m.get(TOKENS_NAMES["response"]) is None for m in answered)


def test_a_chat_message_is_tokenised_as_rasa_does():
    ours, rasas = Message(data={"text": "Is my child being watched?"}), Message(data={"text": "Is my child being watched?"})
    QuestionTokenizer(QuestionTokenizer.get_default_config()).process([ours])
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([rasas])
    assert [t.text for t in ours.get(TOKENS_NAMES["text"])] == [t.text for t in rasas.get(TOKENS_NAMES["text"])] == ["Is", "my", "child", "being", "watched"]
