"""The trained model, loaded once for these tests the way the Rasa server loads
it: with the graph runner and the prediction call that assistant/channel.py
installs before the server loads its model."""
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

    from assistant import graph_runner, tf_predict

    graph_runner.install()
    tf_predict.install()
    return Agent.load(str(MODEL))
