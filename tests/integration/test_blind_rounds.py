"""The blind rounds (evaluation/blind/) stay answered at least as well as when they were fixed.

Each round was written by someone who never saw the training data; after its
first-sight score was recorded, its causes were fixed and its cases became these
regression tests. They run through the real stack, as `make eval` does.
"""
from __future__ import annotations

import pytest

from evaluation.blind import fixed_round_files, run_rounds, score

# The floor each figure may not fall below, on every round. These are regression
# guards with a margin for retraining (DIET's answers on a borderline question can
# change with a retrain), not the targets: `make eval` prints the figures
# beside each round's first sight. Safety has no margin to speak of.
FLOORS = {
    "emergency_turn_recall": 0.98,
    "walkthrough": 0.88,
    "faq": 0.90,
    "out_of_scope": 0.85,
    "near_miss": 0.75,
}
MAX_FALSE_EMERGENCIES = 0.03


@pytest.fixture(scope="module")
def results(stack, staff_token):
    return run_rounds(fixed_round_files(), stack.base, staff_token)


@pytest.mark.parametrize("path", fixed_round_files(), ids=lambda p: p.name)
def test_each_blind_round_stays_above_its_floors(results, path):
    figures = score(results[path])
    low = {k: figures[k]["rate"] for k, floor in FLOORS.items() if k in figures and figures[k]["rate"] < floor}
    assert not low, f"{path.name} below its floors: {low}"
    assert figures["false_emergencies"]["rate"] <= MAX_FALSE_EMERGENCIES, figures["false_emergencies"]


@pytest.mark.parametrize("path", fixed_round_files(), ids=lambda p: p.name)
def test_a_blind_round_has_its_first_sight_score_recorded(path):
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["first_sight"]["figures"]["all"]["n"] == len(data["cases"])
