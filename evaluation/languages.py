"""Language identification for parents who write in their own language (issue 20).

Prints, on the blind multilingual corpus (`tests/languages/messages_*.yml`,
written by helper sessions that saw only the knowledge files):
- accuracy of the identification per language (the code of the notice it gets);
- the false "not English" rate on English messages: the corpus's English ones
  and every English training, held-out, safety and blind-round message;
- for each language's emergencies, how many get 999 in the reply's first line
  (a notice, whose first line is 999, or the emergency route);
- the time per message.
Run with the Rasa environment (lingua is installed there): `make eval` does.
"""
from __future__ import annotations

import glob
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "languages").glob("messages_*.yml"))


def english_messages() -> list[str]:
    from evaluation.datasets import held_out_examples, training_examples

    texts = [t for t, _ in held_out_examples()] + [t for t, _ in training_examples()]
    for path in glob.glob(str(ROOT / "evaluation" / "blind" / "*.yml")):
        for case in yaml.safe_load(Path(path).read_text(encoding="utf-8"))["cases"]:
            texts += [t["say"] for t in case["turns"] if "say" in t]
    for path in glob.glob(str(ROOT / "tests" / "safety" / "*.yml")):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        for key in ("urgent", "not_urgent"):
            texts += [item["text"] for item in data.get(key) or []]
    return texts


def expected_code(language: str) -> str:
    return "en" if language == "en" else language


def main() -> int:
    from assistant.nlu.language_id import identifier, notice_for
    from assistant.safety.urgency import load_patterns, urgent_match

    ident = identifier()
    patterns = load_patterns(ROOT / "data" / "safety" / "urgent_phrases.yml")
    print("\n== Language identification (lingua-language-detector, models in its wheel; assistant/nlu/language_id.py)")
    if not CORPUS:
        print("   no corpus in tests/languages/: nothing to measure")
        return 0
    right, total, wrong = defaultdict(int), defaultdict(int), defaultdict(list)
    urgent_ok, urgent_n = defaultdict(int), defaultdict(int)
    english_corpus_flagged, english_corpus_n = 0, 0
    started, count = time.perf_counter(), 0
    for path in CORPUS:
        for language, sets in yaml.safe_load(path.read_text(encoding="utf-8"))["languages"].items():
            for text in sets.get("questions") or []:
                code = ident.identify(text)
                count += 1
                total[language] += 1
                if language == "en":
                    english_corpus_n += 1
                    english_corpus_flagged += code != "en"
                if code == expected_code(language):
                    right[language] += 1
                else:
                    wrong[language].append((code, text))
            for text in sets.get("emergencies") or []:
                code = ident.identify(text)
                count += 1
                urgent_n[language] += 1
                # 999 first: the emergency route, or the notice in their language (its first line is 999)
                notice = notice_for(code)
                urgent_ok[language] += bool(urgent_match(text, patterns)) or bool(notice and "999" in notice.text.split("\n")[0])
    elapsed = time.perf_counter() - started
    print(f"   corpus: {', '.join(p.name for p in CORPUS)} (written blind)")
    print(f"   {'language':<10} {'identified':>12}   {'emergencies with 999 first':>28}")
    for language in sorted(total):
        r, n = right[language], total[language]
        u, un = urgent_ok[language], urgent_n[language]
        emergency = f"{u}/{un}" if un else "-"
        print(f"   {language:<10} {r / n:>6.1%} {r:>3}/{n:<3}   {emergency:>28}")
        for code, text in wrong[language][:3]:
            print(f"      e.g. taken for {code}: {text[:70]}")
    others = english_messages()
    started2 = time.perf_counter()
    flagged = [t for t in others if ident.identify(t) != "en"]
    elapsed += time.perf_counter() - started2
    count += len(others)
    n_all = english_corpus_n + len(others)
    print(f"   false 'not English' on English: {english_corpus_flagged + len(flagged)}/{n_all} "
          f"({(english_corpus_flagged + len(flagged)) / n_all:.2%}; corpus's own English {english_corpus_flagged}/{english_corpus_n}, "
          f"training/held-out/safety/blind {len(flagged)}/{len(others)}; goal <= 1%)")
    for text in flagged[:3]:
        print(f"      e.g. {text[:80]}")
    print(f"   time per message: {elapsed / count * 1000:.2f} ms (n={count})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
