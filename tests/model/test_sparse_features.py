"""On the trained model, joining the featurisers' sparse features directly
(assistant/speedups/sparse_features.py) gives exactly what Rasa's `scipy.sparse.hstack`
gives: every parse, down to the rankings and confidences."""
from __future__ import annotations

import asyncio

from tests.model.sample_messages import sample_messages


def parse_all(agent, texts: list[str]) -> list[dict]:
    async def run():
        return [await agent.parse_message(t) for t in texts]

    return asyncio.run(run())


def test_every_parse_is_the_same_as_with_scipys_hstack(agent):
    from rasa.shared.nlu.training_data.features import Features

    from assistant.speedups import sparse_features

    texts = sample_messages()
    assert Features._combine_sparse_features is sparse_features._combine_sparse_features
    joined_here = parse_all(agent, texts)
    sparse_features.uninstall()
    try:
        reference = parse_all(agent, texts)
    finally:
        sparse_features.install()
    assert len(joined_here) == len(texts) >= 90
    assert joined_here == reference
    assert {p["intent"]["name"] for p in joined_here} >= {"faq", "greet", "urgent_danger"}
