"""The trained model, loaded once for these tests the way the Rasa server loads
it: after `speedups.install_all()` (what `python -m assistant.serve` does first), which
installs the graph runner, the prediction call, the sparse-feature join and the
reply validation on the pinned Rasa and TensorFlow."""
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

    from assistant import speedups

    assert speedups.install_all(), "the speed-ups did not install: see the warning (versions)"

    return Agent.load(str(MODEL))
