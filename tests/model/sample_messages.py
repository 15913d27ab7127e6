"""A sample of what the model sees, for comparing two ways of running it."""
from __future__ import annotations

import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def sample_messages() -> list[str]:
    """Held-out questions, greetings, walk-through steps, urgent and calm messages, and odd input."""
    from evaluation.datasets import held_out_examples

    rng = random.Random(3)
    texts = [t for t, _ in held_out_examples()]
    safety = yaml.safe_load((ROOT / "tests/safety/urgent.yml").read_text())
    calm = yaml.safe_load((ROOT / "tests/safety/not_urgent.yml").read_text())
    return (
        rng.sample(texts, 60)
        + [item["text"] for item in rng.sample(safety["urgent"], 15)]
        + [item["text"] for item in rng.sample(calm["not_urgent"], 15)]
        + ["hello", "thanks", "what next", "/deny", "I have a concern about a pupil", "🙂🙂", "<script>x</script>", "qué es Prevent"]
    )
