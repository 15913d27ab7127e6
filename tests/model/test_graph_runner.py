"""On the trained model, the ordered graph runner (assistant/speedups/graph_runner.py)
gives exactly what Rasa's dask runner gives: every parse, down to the rankings
and confidences, and every prediction of the next action."""
from __future__ import annotations

import asyncio
import functools

import pytest

from tests.model.sample_messages import sample_messages


@pytest.fixture(scope="module")
def processor(agent):
    from assistant.speedups import graph_runner

    assert type(agent.processor.graph_runner) is graph_runner.OrderedGraphRunner
    return agent.processor


def with_dask(processor):
    """The same loaded nodes, run by Rasa's own dask runner."""
    from rasa.engine.runner.dask import DaskGraphRunner

    return functools.partial(DaskGraphRunner.run, processor.graph_runner)


def test_every_parse_is_the_same_as_with_dask(processor):
    from rasa.core.channels.channel import UserMessage

    texts = sample_messages()
    ordered_run = processor.graph_runner.run

    def parse_all() -> list[dict]:
        return asyncio.run(_parse_all(processor, [UserMessage(t) for t in texts]))

    ordered = parse_all()
    processor.graph_runner.run = with_dask(processor)
    try:
        reference = parse_all()
    finally:
        processor.graph_runner.run = ordered_run
    assert len(ordered) == len(texts) >= 90
    assert ordered == reference
    assert {p["intent"]["name"] for p in ordered} >= {"faq", "greet", "urgent_danger"}


async def _parse_all(processor, messages) -> list[dict]:
    return [await processor.parse_message(m) for m in messages]


def test_every_prediction_of_the_next_action_is_the_same_as_with_dask(processor):
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    def predictions(run) -> list[tuple]:
        processor.graph_runner.run = run
        found = []
        for text in sample_messages()[::3]:
            parse = asyncio.run(processor.parse_message(UserMessage(text)))
            events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                      UserUttered(text, parse["intent"], parse["entities"], parse)]
            tracker = DialogueStateTracker.from_events("compare", events, processor.domain.slots)
            for _ in range(2):  # the action after the message, then the one after that
                prediction = processor._predict_next_with_tracker(tracker)
                action = processor.domain.action_names_or_texts[prediction.max_confidence_index]
                found.append((text, action, prediction.policy_name, prediction.probabilities, prediction.events))
                tracker.update(ActionExecuted(action))
        return found

    ordered_run = processor.graph_runner.run
    try:
        ordered = predictions(ordered_run)
        reference = predictions(with_dask(processor))
    finally:
        processor.graph_runner.run = ordered_run
    assert len(ordered) >= 60
    assert ordered == reference
