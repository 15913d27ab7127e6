"""On the trained model, calling DIET's and the selector's compiled prediction
step directly (assistant/speedups/tf_predict.py) gives exactly what Rasa's own call
through the `tf.function` gives: every parse, down to the rankings and
confidences."""
from __future__ import annotations

import asyncio

from tests.model.sample_messages import sample_messages


def tensorflow_models(agent) -> list:
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier

    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    return [node._component.model for node in nodes if isinstance(node._component, DIETClassifier)]


def parse_all(agent, texts: list[str]) -> list[dict]:
    async def run():
        return [await agent.parse_message(t) for t in texts]

    return asyncio.run(run())


def test_every_parse_is_the_same_as_through_the_tf_function(agent):
    from assistant.speedups import tf_predict

    texts = sample_messages()
    direct = parse_all(agent, texts)
    models = tensorflow_models(agent)
    assert len(models) == 2  # DIET and the ResponseSelector
    assert all(type(m._tf_predict_step) is tf_predict.FlatCall for m in models)

    flat_calls = [m._tf_predict_step for m in models]
    tf_predict.uninstall()
    for model, flat in zip(models, flat_calls):
        model._tf_predict_step = flat.function
    try:
        reference = parse_all(agent, texts)
        assert not any(isinstance(m._tf_predict_step, tf_predict.FlatCall) for m in models)
    finally:
        tf_predict.install()
        for model, flat in zip(models, flat_calls):
            model._tf_predict_step = flat
    assert len(direct) == len(texts) >= 90
    assert direct == reference
    assert {p["intent"]["name"] for p in direct} >= {"faq", "greet", "urgent_danger"}
    assert all(p["response_selector"]["faq"]["ranking"] for p in direct if p["intent"]["name"] == "faq")
