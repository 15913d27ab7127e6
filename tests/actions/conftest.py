"""Named tracker states (tests/actions/data/*.json) for the action tests."""
import asyncio
import json
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DATA = Path(__file__).parent / "data"


def load_tracker(name: str, **overrides) -> Tracker:
    state = json.loads((DATA / f"{name}.json").read_text())
    state.update(overrides)
    return Tracker.from_dict(state)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def run_action(action, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """Run an action's async run() to completion and return its events."""
    return asyncio.run(action.run(dispatcher, tracker, domain={}))
