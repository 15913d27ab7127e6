"""Accuracy tables: overall, per category, worst topics and confusion pairs."""
from __future__ import annotations

from collections import Counter, defaultdict


def accuracy_report(name: str, gold: list[str], predicted: list[str], categories: dict[str, str], worst: int = 8) -> dict:
    by_category: dict[str, list[bool]] = defaultdict(list)
    by_topic: dict[str, list[bool]] = defaultdict(list)
    confusions: Counter = Counter()
    for g, p in zip(gold, predicted):
        ok = g == p
        by_category[categories.get(g, "other")].append(ok)
        by_topic[g].append(ok)
        if not ok:
            confusions[(g, p)] += 1
    overall = sum(g == p for g, p in zip(gold, predicted)) / max(len(gold), 1)
    print(f"\n== {name}: top-1 accuracy {overall:.1%} on {len(gold)} held-out examples")
    print(f"   {'category':<22} {'accuracy':>8}  n")
    for category in sorted(by_category):
        hits = by_category[category]
        print(f"   {category:<22} {sum(hits) / len(hits):>8.1%}  {len(hits)}")
    ranked = sorted(by_topic.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))[:worst]
    print("   worst topics: " + ", ".join(f"{t.split('/')[-1]} {sum(h) / len(h):.0%}" for t, h in ranked))
    print("   confusion pairs (gold -> predicted, count):")
    for (g, p), n in confusions.most_common(worst):
        print(f"     {g} -> {p}  {n}")
    return {"overall": overall, "by_category": {c: sum(h) / len(h) for c, h in by_category.items()}}
