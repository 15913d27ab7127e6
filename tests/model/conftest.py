"""The trained model, loaded once for these tests the way the Rasa server loads
it: after importing our channel (assistant/channel.py), which installs the graph
runner, the prediction call and the sparse-feature join."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "var" / "models" / "prevent.tar.gz"


@pytest.fixture(scope="session")
def agent():
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    from rasa.core.agent import Agent

    import assistant.channel  # noqa: F401  (what the Rasa server imports before it loads the model)

    return Agent.load(str(MODEL))
