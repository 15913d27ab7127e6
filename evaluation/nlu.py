"""`make eval`, Rasa side: answer accuracy and the emergency layer, on held-out sets.

Loads the trained model in-process (it trains nothing), parses every held-out
example, and prints the same figures for a plain TF-IDF nearest-question
baseline built from the training examples.
"""
from __future__ import annotations

import asyncio
import sys
import time

import yaml

from evaluation.datasets import ROOT, held_out_examples, normalised, topic_categories, training_examples
from evaluation.report import accuracy_report

MODEL = ROOT / "var" / "models" / "prevent.tar.gz"


def answer_label(parse: dict) -> str:
    """What the assistant answered: faq/<topic> for an FAQ, else the intent."""
    intent = (parse.get("intent") or {}).get("name")
    if intent == "faq":
        key = (((parse.get("response_selector") or {}).get("faq") or {}).get("response") or {}).get("intent_response_key")
        return key or "faq"
    return intent or "none"


def tfidf_baseline(train: list[tuple[str, str]]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    texts, labels = zip(*train)
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(texts)
    matrix = vectoriser.transform(texts)

    def predict(queries: list[str]) -> list[str]:
        scores = linear_kernel(vectoriser.transform(queries), matrix)
        return [labels[row.argmax()] for row in scores]

    return predict


async def parse_all(agent, texts: list[str]) -> list[dict]:
    return [await agent.parse_message(t) for t in texts]


def main() -> int:
    if not MODEL.exists():
        print("No trained model: run `make train` first.", file=sys.stderr)
        return 1
    from rasa.core.agent import Agent

    train = training_examples()
    held_out = held_out_examples()
    seen = {normalised(t) for t, _ in train}
    leaked = [t for t, _ in held_out if normalised(t) in seen]
    if leaked:
        print(f"error: {len(leaked)} held-out examples are also in the training data, e.g. {leaked[0]!r}", file=sys.stderr)
        return 1
    categories = topic_categories()

    print(f"Loading {MODEL.relative_to(ROOT)} ...", flush=True)
    agent = Agent.load(str(MODEL))
    texts, gold = [t for t, _ in held_out], [g for _, g in held_out]
    started = time.perf_counter()
    parses = asyncio.run(parse_all(agent, texts))
    took = time.perf_counter() - started
    predicted = [answer_label(p) for p in parses]
    assistant = accuracy_report("Assistant (Rasa pipeline, after the fallback gates)", gold, predicted, categories)
    fallbacks = sum(p == "nlu_fallback" for p in predicted)
    print(f"   of which fell back to 'Did you mean ...?': {fallbacks}; parse time {1000 * took / len(texts):.1f} ms/message")

    baseline_predict = tfidf_baseline(train)
    baseline = accuracy_report("Baseline (TF-IDF nearest training question)", gold, baseline_predict(texts), categories)
    print(f"\n   assistant beats the baseline by {100 * (assistant['overall'] - baseline['overall']):.1f} points")

    safety(agent)
    return 0


# Each file, and what it is. Files may hold `urgent:` and `not_urgent:` lists.
SAFETY_SETS = {
    "tests/safety/urgent.yml": "corpus",
    "tests/safety/not_urgent.yml": "corpus",
    "tests/safety/urgent_dev.yml": "corpus (development set, tuned on)",
    "tests/safety/urgent_new.yml": "written after the layer, first run 14/20 (since tuned)",
    "tests/safety/urgent_blind2.yml": "written blind, first run 15/20 (since tuned)",
    "tests/safety/urgent_blind3.yml": "written blind, first run 18/20 urgent, 3/20 false alarms (since tuned)",
    "tests/safety/urgent_blind4.yml": "written blind after the layers were finished, first run 20/20 urgent, 1/20 false alarms",
}


def safety(agent) -> None:
    from assistant.safety.urgency import load_patterns, urgent_match

    patterns = load_patterns(ROOT / "data" / "safety" / "urgent_phrases.yml")
    print("\n== Emergency detection (both layers: NLU intent + reviewed phrases)")
    totals = {"urgent": [0, 0], "not_urgent": [0, 0]}
    for path, note in SAFETY_SETS.items():
        data = yaml.safe_load((ROOT / path).read_text())
        print(f"   {path} ({note})")
        for key in ("urgent", "not_urgent"):
            texts = [item["text"] for item in data.get(key) or []]
            if not texts:
                continue
            parses = asyncio.run(parse_all(agent, texts))
            flagged = [answer_label(p) == "urgent_danger" for p in parses]
            phrases = [urgent_match(t, patterns) is not None for t in texts]
            nlu_alone = [
                (p.get("intent_before_urgent_phrases") if p.get("urgent_pattern") else answer_label(p)) == "urgent_danger"
                for p in parses
            ]
            if "corpus" in note:
                totals[key][0] += sum(flagged)
                totals[key][1] += len(texts)
            label = "urgent recall" if key == "urgent" else "false-alarm rate"
            wrong = [t for t, hit in zip(texts, flagged) if hit != (key == "urgent")]
            print(f"     {label} {sum(flagged) / len(texts):.1%} (n={len(texts)}; phrases alone {sum(phrases) / len(texts):.1%}, NLU alone {sum(nlu_alone) / len(texts):.1%})")
            for text in wrong[:10]:
                print(f"       {'missed' if key == 'urgent' else 'false alarm'}: {text}")
    (caught, n_urgent), (alarms, n_calm) = totals["urgent"], totals["not_urgent"]
    print(f"   whole corpus: urgent recall {caught / n_urgent:.1%} ({caught}/{n_urgent}), false alarms {alarms / n_calm:.1%} ({alarms}/{n_calm})  (targets 100% and at most 3%)")


if __name__ == "__main__":
    raise SystemExit(main())
