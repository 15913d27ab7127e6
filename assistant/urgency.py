"""Deterministic detection of messages that suggest someone is in immediate danger.

Pure functions, no Rasa imports: used by the Rasa NLU component
(`assistant.urgent_phrases`), by `make eval` and by the tests.

The patterns live in a reviewed YAML file (data/safety/urgent_phrases.yml):
- `urgent`: regular expressions; any match means urgent.
  A pattern may also need `requires_any` (another regex) or `requires_immediate`.
- `ignore`: harmless phrases ("toy gun", "knife crime") removed before matching.
- `suppress`: a message matching one of these is a question *about* danger
  ("what should I do if I think a child is in danger?"), a story or the past,
  and is not urgent...
- `immediate`: ...unless it also carries a sign that the danger is live now
  ("what do I do, my son says he's going to Syria tonight").
- `hypothetical`: a training scenario, an example, a game or a joke; not
  urgent even with a time word ("a tabletop exercise tomorrow where ...").
- `evidence`: words of danger (a weapon, violence, someone taken, travel to
  fight, self-harm, "help"). The NLU classifier's own `urgent_danger` stands
  only where one of them is present: the classifier generalises to new
  phrasings, this check stops it firing on "he's dying to go to the match".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import yaml

# Common text-speak, folded before matching so that patterns stay readable.
_EMOJI = {"\U0001f52a": " knife ", "\U0001f4a3": " bomb ", "\U0001f52b": " gun ", "\U0001f198": " help "}

_FOLDS = (
    (r"\bsum1\b|\bsome1\b|\bsumone\b", "someone"),
    (r"\b2nite\b|\btonite\b|\btnight\b|\b2night\b", "tonight"),
    (r"\b2day\b|\btdy\b", "today"),
    (r"\b2moro+w?\b|\btmr+w?\b|\btomoz+\b|\btmrw\b|\btomorow\b|\btommorow\b|\btommorrow\b", "tomorrow"),
    (r"\brn\b|\brite now\b|\bright nw\b", "right now"),
    (r"\bnw\b", "now"),
    (r"\bu\b", "you"),
    (r"\bppl\b", "people"),
    (r"\bgonna\b|\bgona\b", "going to"),
    (r"\bwanna\b", "want to"),
    (r"\bhes\b", "he is"),
    (r"\bshes\b", "she is"),
    (r"\btheyre\b", "they are"),
    (r"\bim\b", "i am"),
    (r"\bpls\b|\bplz\b", "please"),
)


def normalise(text: str) -> str:
    """Lower-case, fold accents and apostrophes, expand common text-speak."""
    text = unicodedata.normalize("NFKC", text).lower()
    for emoji, word in _EMOJI.items():
        text = text.replace(emoji, word)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(\w)'ll\b", r"\1 will", text)
    text = re.sub(r"\b(he|she|it|there|that|what|who)'s\b", r"\1 is", text)
    text = text.replace("'", "")
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)  # "nowwww" -> "noww"
    text = re.sub(r"[^\w\s/?]", " ", text)
    for pattern, replacement in _FOLDS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class UrgentPattern:
    id: str
    pattern: re.Pattern
    requires_any: Optional[re.Pattern] = None
    requires_immediate: bool = False


@dataclass(frozen=True)
class UrgentPatterns:
    urgent: Sequence[UrgentPattern]
    ignore: Sequence[re.Pattern]
    suppress: Sequence[re.Pattern]
    immediate: Sequence[re.Pattern]
    hypothetical: Sequence[re.Pattern] = ()
    evidence: Sequence[re.Pattern] = ()


def load_patterns(path: str | Path) -> UrgentPatterns:
    """Read and compile the reviewed pattern file. Fails loudly on a bad regex."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))

    def compile_all(items):
        return [re.compile(p) for p in items or []]

    return UrgentPatterns(
        urgent=[
            UrgentPattern(
                id=item["id"],
                pattern=re.compile(item["pattern"]),
                requires_any=re.compile(item["requires_any"]) if item.get("requires_any") else None,
                requires_immediate=bool(item.get("requires_immediate")),
            )
            for item in raw["urgent"]
        ],
        ignore=compile_all(raw.get("ignore")),
        suppress=compile_all(raw.get("suppress")),
        immediate=compile_all(raw.get("immediate")),
        hypothetical=compile_all(raw.get("hypothetical")),
        evidence=compile_all(raw.get("evidence")),
    )


def _prepared(text: str, patterns: UrgentPatterns) -> tuple[str, bool]:
    norm = normalise(text)
    for harmless in patterns.ignore:
        norm = harmless.sub(" ", norm)
    return norm, any(i.search(norm) for i in patterns.immediate)


def clearly_not_live(text: str, patterns: UrgentPatterns) -> bool:
    """A question about danger, a story or the past, with nothing happening now.

    Used to overrule the NLU classifier's `urgent_danger` on such messages
    ("what are the signs someone is planning an attack?"), so that both layers
    follow the same reviewed rules about what is *not* an emergency.
    """
    norm, immediate = _prepared(text, patterns)
    if any(h.search(norm) for h in patterns.hypothetical):
        return True
    return not immediate and any(s.search(norm) for s in patterns.suppress)


def has_danger_evidence(text: str, patterns: UrgentPatterns) -> bool:
    """Whether the message holds any word of danger, once harmless phrases are removed."""
    norm, _ = _prepared(text, patterns)
    return any(e.search(norm) for e in patterns.evidence)


def urgent_match(text: str, patterns: UrgentPatterns) -> Optional[str]:
    """Return the id of the urgent pattern that matches, or None."""
    norm, immediate = _prepared(text, patterns)
    if any(h.search(norm) for h in patterns.hypothetical):
        return None
    for candidate in patterns.urgent:
        if not candidate.pattern.search(norm):
            continue
        if candidate.requires_any is not None and not candidate.requires_any.search(norm):
            continue
        if candidate.requires_immediate and not immediate:
            continue
        if not immediate and any(s.search(norm) for s in patterns.suppress):
            return None
        return candidate.id
    return None
