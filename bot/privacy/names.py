"""Finding first names from a list, where spaCy's model does not see them.

spaCy's small English model finds most capitalised names in context, but it
misses names typed in lower case ("my son omar"), in capitals, and many
names that are rare in its English training text (Ciaran, Mihaela, Kacper).
Luton's families come from everywhere, so a list helps:

- the first names of `gender-guesser`'s name dictionary (about 48,000 names
  from some 50 countries; the data is under the GNU FDL), plus a short list of
  Somali, Eritrean and South Asian names it lacks (data/privacy/extra_first_names.txt),
  less words people type here that are not names (data/privacy/not_names.txt:
  "beta", "kya", "hooyo");
- how common each one is as an English word (`wordfreq`'s Zipf scale: 7 is
  "the", 3 is about once in a million words), so that words such as "will",
  "hope" or "may" are not taken for names.

A word from the list counts as a name when it is rare enough as an English word:
a capitalised word inside a sentence may be fairly common (Ali, Hunter), one
that starts a sentence or is typed in lower case or in capitals must be rarer.
Left alone: words spaCy calls a nationality, religion or language; the words
of the domain (bot.privacy.redaction.KEEP), and every word of the assistant's own
training questions (data/nlu), which holds the misspellings people really type
("chanel", "wil", "redo"). spaCy's label "place" or "organisation" is no
guard: the small model gives it to many names it does not know (Florin, Hawa).
A word in capitals counts only in a message written mostly in capitals, so
that acronyms (IRA) stay. A name that is also a common word of another
language people here write in (French "que", Italian "hai") counts only when
capitalised inside a sentence. A capitalised word after the name (or a rare
lower-case one after a lower-case name) is taken as the surname.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXTRA_NAMES = ROOT / "data" / "privacy" / "extra_first_names.txt"
NOT_NAMES_FILE = ROOT / "data" / "privacy" / "not_names.txt"

# Zipf frequency below which a listed name counts as a name, by how it is written.
INSIDE_SENTENCE_CAPITALISED = 4.5
OTHERWISE = 3.9
SURNAME_IN_LOWER_CASE = 3.0
# ...and, unless it is capitalised inside a sentence, it must not be a common
# word of another language people here write in ("que", "hai", "con", "la").
OTHER_LANGUAGES = ("fr", "es", "pt", "it", "de", "pl", "ro", "nl", "tr")
COMMON_ELSEWHERE = 5.5
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@lru_cache(maxsize=1)
def first_names() -> dict[str, float]:
    """Every listed first name (lower case) and its Zipf frequency as an English word."""
    import gender_guesser.detector
    from wordfreq import zipf_frequency

    names = set(gender_guesser.detector.Detector(case_sensitive=False).names)
    if EXTRA_NAMES.exists():
        names |= {line.strip().lower() for line in EXTRA_NAMES.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}
    if NOT_NAMES_FILE.exists():
        names -= {line.strip().lower() for line in NOT_NAMES_FILE.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}
    return {name: zipf_frequency(name, "en") for name in names if len(name) >= 3 and name.isalpha()}


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Every word of the assistant's training questions, in lower case."""
    import yaml

    words: set[str] = set()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            words.update(w.lower() for w in _WORD.findall(block.get("examples") or ""))
    return frozenset(words)


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def find_names(text: str, skip: set[str], not_people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of listed first names in `text`, with a following surname.

    `skip`: lower-case words never taken for names (with question_words() in it). `not_people`: spans that
    spaCy labelled as a nationality, religion or language."""
    names = first_names()
    letters = [c for c in text if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)
    words = list(_WORD.finditer(text))
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        match = words[i]
        word = match.group()
        lower = word.lower()
        frequency = names.get(lower)
        if (frequency is None and "-" in lower and all(part in names for part in lower.split("-"))
                and not (word.islower() and any(_zipf(part) >= COMMON_ELSEWHERE for part in lower.split("-")))):
            # "jade-louise", "Mary-Jane": two names joined are a name; "one-way" is not
            frequency = 0.0
        if frequency is None or lower in skip or any(s <= match.start() < e for s, e in not_people) or (word.isupper() and not shouting):
            i += 1
            continue
        before = text[: match.start()].rstrip()
        starts_sentence = not before or before[-1] in ".!?\n:;\"'(" or (i > 0 and words[i - 1].group().lower() in {"hi", "hello", "hey", "dear", "thanks", "regards", "cheers"})
        inside = _is_capitalised(word) and not starts_sentence
        if frequency >= (INSIDE_SENTENCE_CAPITALISED if inside else OTHERWISE) or (not inside and _common_elsewhere(lower)):
            i += 1
            continue
        end = match.end()
        j = i + 1
        # the surname: up to two more capitalised words straight after (for a
        # lower-case name, rare lower-case words)
        while j < len(words) and j <= i + 2 and text[end : words[j].start()] in (" ", "-"):
            nxt = words[j].group()
            if nxt.lower() in skip or any(s <= words[j].start() < e for s, e in not_people):
                break
            if _is_capitalised(word) or word.isupper():
                if not (_is_capitalised(nxt) or (word.isupper() and nxt.isupper())):
                    break
            elif not (nxt.islower() and _zipf(nxt) < SURNAME_IN_LOWER_CASE):
                break
            end = words[j].end()
            j += 1
        found.append((match.start(), end))
        i = j
    return found


@lru_cache(maxsize=20000)
def _common_elsewhere(word: str) -> bool:
    from wordfreq import zipf_frequency

    return any(zipf_frequency(word, language) >= COMMON_ELSEWHERE for language in OTHER_LANGUAGES)


@lru_cache(maxsize=20000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
