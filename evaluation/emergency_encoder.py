"""Would a sentence-encoder detector have caught each round's emergencies at first sight?

A measurement for choosing the emergency method (issue 21), not part of the
product. For each blind round r, the exemplars are only what existed before it:
the training examples in data/nlu/urgent.yml and the cases of rounds 1 to r-1
(emergency turns as positives; near misses, FAQ and out-of-scope turns as
negatives). Round r's own turns are then scored by their nearest exemplars
(all-MiniLM-L6-v2, the encoder already in the pipeline, from its PyPI package):
a turn is flagged when the share of emergency exemplars among its k nearest is
at least the threshold. Printed per round: emergency recall and the false
emergency rate on round r's non-emergency turns, beside each other, for a few
thresholds.

    .venv-rasa/bin/python -m evaluation.emergency_encoder
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import yaml

from assistant.nlu.sentence_encoder import shared_encoder

ROOT = Path(__file__).resolve().parents[1]
K = 7


def round_turns(path: Path) -> tuple[list[str], list[str]]:
    """(emergency turns, non-emergency turns) of one round file: typed turns only."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    positive, negative = [], []
    for case in data["cases"]:
        for turn in case["turns"]:
            said = turn.get("say")
            expect = turn.get("expect") or {}
            if not said or "emergency" not in expect:
                continue
            (positive if expect["emergency"] else negative).append(str(said))
    return positive, negative


def training_emergencies() -> list[str]:
    data = yaml.safe_load((ROOT / "data/nlu/urgent.yml").read_text(encoding="utf-8"))
    found = []
    for block in data["nlu"]:
        if block.get("intent") == "urgent_danger":
            found += [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]
    return found


def rounds() -> dict[int, list[Path]]:
    grouped: dict[int, list[Path]] = {}
    for path in sorted((ROOT / "evaluation/blind").glob("*round*.yml")):
        number = int(re.search(r"round(\d+)", path.name).group(1))
        grouped.setdefault(number, []).append(path)
    return grouped


def main() -> int:
    encoder = shared_encoder()
    by_round = {n: [round_turns(p) for p in paths] for n, paths in rounds().items()}
    by_round = {n: (sum((p for p, _ in parts), []), sum((q for _, q in parts), [])) for n, parts in by_round.items()}
    cache: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            for text, vector in zip(missing, encoder.encode(missing)):
                cache[text] = vector / (np.linalg.norm(vector) or 1.0)
        return np.array([cache[t] for t in texts]) if texts else np.zeros((0, 384))

    base_positive = training_emergencies()
    thresholds = (0.43, 0.57, 0.71)
    print(f"Sentence-encoder emergency detector, {K} nearest exemplars, exemplars from earlier rounds only")
    print("round  emergencies  non-emerg.  " + "  ".join(f"share>={t:.2f}: recall / false" for t in thresholds))
    for number in sorted(by_round):
        if number == 1:
            continue
        positive = base_positive + sum((by_round[n][0] for n in by_round if n < number), [])
        negative = sum((by_round[n][1] for n in by_round if n < number), [])
        exemplars = embed(positive + negative)
        labels = np.array([1] * len(positive) + [0] * len(negative))
        test_pos, test_neg = by_round[number]
        cells = []
        shares = {}
        for name, texts in (("pos", test_pos), ("neg", test_neg)):
            sims = embed(texts) @ exemplars.T
            nearest = np.argsort(-sims, axis=1)[:, :K]
            shares[name] = labels[nearest].mean(axis=1)
        for t in thresholds:
            recall = float((shares["pos"] >= t).mean()) if len(test_pos) else 0.0
            false = float((shares["neg"] >= t).mean()) if len(test_neg) else 0.0
            cells.append(f"{recall:6.1%} / {false:5.1%}")
        print(f"{number:5d}  {len(test_pos):11d}  {len(test_neg):10d}  " + "  ".join(f"{c:>26}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
