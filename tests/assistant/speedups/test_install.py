"""The speed-ups go in on the pinned Rasa and TensorFlow, and stay out on any other version.

Each case runs in a fresh interpreter, so that what another test installed
cannot make it pass.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import speedups

ROOT = Path(__file__).resolve().parents[3]

# Prints, for each patched internal, whether it is ours after install_all(versions).
PROBE = """
import json, sys
from assistant import speedups
versions = json.loads(sys.argv[1])
installed = speedups.install_all(versions or None)
import rasa.core.processor
from rasa.core.actions.action import RemoteAction
from rasa.shared.nlu.training_data.features import Features
from rasa.utils.tensorflow.models import RasaModel
from assistant.speedups import action_validation, graph_runner, sparse_features, tf_predict
print(json.dumps({
    "returned": installed,
    "graph_runner": rasa.core.processor.DaskGraphRunner is graph_runner.OrderedGraphRunner,
    "tf_predict": RasaModel._rasa_predict is tf_predict._rasa_predict,
    "sparse_features": Features._combine_sparse_features is sparse_features._combine_sparse_features,
    "action_validation": RemoteAction._validate_action_result is action_validation.validate_action_result,
}))
"""
PATCHES = ["action_validation", "graph_runner", "tf_predict", "sparse_features"]


def probe(versions: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(versions)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"stderr": done.stderr}


def test_the_pins_are_the_versions_in_the_lock_file():
    lock = (ROOT / "requirements" / "rasa.lock").read_text()
    for package, version in speedups.PINS.items():
        assert f"\n{package}=={version} " in lock


def test_on_the_pinned_versions_every_patch_goes_in():
    result = probe({})  # the installed versions, which are the pins
    assert sorted(result["returned"]) == sorted(PATCHES)
    assert all(result[name] for name in PATCHES)


@pytest.mark.parametrize(
    "versions",
    [{"rasa": "3.7.0", "tensorflow": "2.12.0"}, {"rasa": "3.6.21", "tensorflow": "2.13.1"}],
    ids=["another rasa", "another tensorflow"],
)
def test_on_any_other_version_no_patch_goes_in_and_it_says_why(versions):
    result = probe(versions)
    assert result["returned"] == []
    assert not any(result[name] for name in PATCHES)
    assert "Speed-ups not installed" in result["stderr"]


def test_a_missing_package_counts_as_another_version():
    assert speedups.mismatches({"rasa": None, "tensorflow": "2.12.0"}) == ["rasa not installed (pinned 3.6.21)"]
    assert speedups.mismatches(dict(speedups.PINS)) == []
