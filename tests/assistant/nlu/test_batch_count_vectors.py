"""The batched featuriser gives exactly the features Rasa's own featuriser gives."""
import copy
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.importers.importer import TrainingDataImporter

from assistant.nlu.batch_count_vectors import BatchCountVectorsFeaturizer

ROOT = Path(__file__).resolve().parents[3]
CONFIGS = [
    {"min_ngram": 1, "max_ngram": 2},
    {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
]


@pytest.fixture(scope="module")
def training_data():
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(ROOT / "domain.yml"), training_data_paths=[str(ROOT / "data" / "nlu")]
    )
    data = importer.get_nlu_data()
    # a slice keeps the test quick; it still holds FAQ questions with their answers
    data.training_examples = data.training_examples[:: max(1, len(data.training_examples) // 300)]
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    return data


def featurizer(cls, config, tmp_path, name):
    (tmp_path / name).mkdir()
    storage = LocalModelStorage(tmp_path / name)
    context = ExecutionContext(GraphSchema({}), "test")
    return cls.create({**cls.get_default_config(), **config}, storage, Resource(name), context)


def features_of(data):
    out = []
    for message in data.training_examples:
        for feature in message.features:
            matrix = feature.features
            out.append((feature.attribute, feature.type, matrix.shape, matrix.row.tolist(), matrix.col.tolist(), matrix.data.tolist()))
    return out


@pytest.mark.parametrize("config", CONFIGS, ids=["words", "char n-grams"])
def test_training_features_are_identical_to_rasas(training_data, config, tmp_path):
    ours_data, rasas_data = copy.deepcopy(training_data), copy.deepcopy(training_data)
    ours = featurizer(BatchCountVectorsFeaturizer, config, tmp_path, "ours")
    rasas = featurizer(CountVectorsFeaturizer, config, tmp_path, "rasas")
    ours.train(ours_data)
    rasas.train(rasas_data)

    ours.process_training_data(ours_data)
    rasas.process_training_data(rasas_data)

    expected = features_of(rasas_data)
    assert expected, "Rasa's featuriser produced nothing: the test data is wrong"
    assert any(attribute == "response" for attribute, *_ in expected), "answers were not featurised"
    assert features_of(ours_data) == expected


def test_one_message_at_chat_time_is_featurised_as_before(training_data, tmp_path):
    config = CONFIGS[1]
    ours = featurizer(BatchCountVectorsFeaturizer, config, tmp_path, "ours")
    ours.train(copy.deepcopy(training_data))
    message = copy.deepcopy(next(m for m in training_data.training_examples if m.get("text")))
    message.features = []
    ours.process([message])
    sentence = [f for f in message.features if f.attribute == "text" and f.type == "sentence"]
    assert len(sentence) == 1 and sentence[0].features.sum() > 0


def test_without_sequence_features_the_text_keeps_only_rasas_sentence_features(training_data, tmp_path):
    config = CONFIGS[1]
    ours_data, rasas_data = copy.deepcopy(training_data), copy.deepcopy(training_data)
    ours = featurizer(BatchCountVectorsFeaturizer, {**config, "sequence_features": False}, tmp_path, "ours")
    rasas = featurizer(CountVectorsFeaturizer, config, tmp_path, "rasas")
    ours.train(ours_data)
    rasas.train(rasas_data)

    ours.process_training_data(ours_data)
    rasas.process_training_data(rasas_data)

    # Rasa's sequence layer needs some sequence features: one empty row stands in
    empty_row = ("text", "sequence", (1, 1), [], [], [])
    expected = [
        empty_row if (f[0], f[1]) == ("text", "sequence") else f for f in features_of(rasas_data)
    ]
    assert ("text", "sequence") in {(f[0], f[1]) for f in features_of(rasas_data)}
    assert features_of(ours_data) == expected


def test_without_sequence_features_a_chat_message_gets_its_sentence_features_only(training_data, tmp_path):
    ours = featurizer(BatchCountVectorsFeaturizer, {**CONFIGS[0], "sequence_features": False}, tmp_path, "ours")
    ours.train(copy.deepcopy(training_data))
    message = copy.deepcopy(next(m for m in training_data.training_examples if m.get("text")))
    message.features = []
    ours.process([message])
    text = {f.type: f.features for f in message.features if f.attribute == "text"}
    assert text["sequence"].shape == (1, 1) and text["sequence"].nnz == 0
    assert text["sentence"].shape[0] == 1 and text["sentence"].sum() > 0
