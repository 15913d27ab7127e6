"""Reading the training data and the held-out sets (Rasa NLU YAML)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def read_examples(paths) -> list[tuple[str, str]]:
    """(text, label) pairs from Rasa NLU YAML files; label is e.g. faq/what_is_prevent."""
    pairs = []
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block:
                continue
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    pairs.append((line[2:].strip(), block["intent"]))
    return pairs


def training_examples() -> list[tuple[str, str]]:
    return read_examples(sorted((ROOT / "data" / "nlu").glob("*.yml")))


def held_out_examples() -> list[tuple[str, str]]:
    return read_examples(sorted((ROOT / "tests" / "nlu").glob("*.yml")))


def topic_categories() -> dict[str, str]:
    topics = yaml.safe_load((ROOT / "data" / "faq_topics.yml").read_text())["topics"]
    return {f"faq/{name}": meta["category"] for name, meta in topics.items()}


def normalised(text: str) -> str:
    return re.sub(r"[^\w\s]", "", text.lower()).strip()
