"""The NumPy encoder gives what sentence-transformers gives for the same model.

The reference file was made once with sentence-transformers and transformers
(with PyTorch, in a throwaway environment) from the same packaged model:
`tests/assistant/data/minilm_reference.json` says which versions.
"""
import json
from pathlib import Path

import numpy as np
import pytest

from assistant.nlu.sentence_encoder import SentenceEncoder, shared_encoder

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


@pytest.mark.parametrize("index", range(len(REFERENCE["token_texts"])))
def test_tokens_match_the_models_own_tokeniser(encoder, index):
    text = REFERENCE["token_texts"][index]
    assert encoder.tokenizer.encode(text) == REFERENCE["token_ids"][index][:256]


def test_embeddings_match_sentence_transformers(encoder):
    ours = encoder.encode(REFERENCE["sentences"])
    theirs = np.array(REFERENCE["embeddings"])
    assert ours.shape == theirs.shape == (len(REFERENCE["sentences"]), 384)
    assert np.abs(ours - theirs).max() < 1e-4
    assert (ours * theirs).sum(axis=1).min() > 0.9999


def test_batching_and_padding_do_not_change_a_sentence(encoder):
    sentences = REFERENCE["sentences"][:6]
    alone = np.vstack([encoder.encode([s]) for s in sentences])
    together = encoder.encode(sentences, batch_size=4)
    assert np.abs(alone - together).max() < 1e-5


def test_paraphrases_are_closer_than_unrelated_questions(encoder):
    a, b, c = encoder.encode(["what is the prevent duty", "can you explain what Prevent is", "where do I park at school"])
    assert a @ b > 0.6 > a @ c


def test_nothing_to_encode_gives_an_empty_matrix(encoder):
    assert encoder.encode([]).shape == (0, 384)
