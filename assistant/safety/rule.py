"""The emergency rule's one owner: where it lives, one load of it per process,
and the one question every layer asks of it.

The rule is the reviewed file data/safety/urgent_phrases.yml, read by
`assistant.safety.urgency` (plain Python, no Rasa imports, so the gateway can
import it). Every layer gets the rule from `patterns()` here, which loads and
compiles each file once per process, and asks `match(text)`. Which layer
asks, and why (assistant/safety/__init__.py has the same list):

1. The gateway (bot/priority.py), once per message: a match skips the queue
   to Rasa, so the 999 reply never waits behind other people's questions.
2. Rasa's NLU pipeline (assistant/nlu/urgent_phrases.py), once per message:
   a match sets the intent to `urgent_danger`, which the emergency rule
   (data/rules/) answers with 999 first. This is the layer that decides the
   reply. The components after it (step_answers, scope_gate, language_gate)
   read its verdict from the message (`urgent_pattern`) and leave it alone.
3. Rasa's input channel (assistant/runtime/conversation_length.py), only when a
   conversation is full: a match still gets its turn.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional, Text

from assistant.safety.urgency import UrgentPatterns, load_patterns, urgent_match

PATTERNS_FILE = Path(__file__).resolve().parents[2] / "data" / "safety" / "urgent_phrases.yml"


def patterns(path: str | Path = PATTERNS_FILE) -> UrgentPatterns:
    """The compiled rule from `path` (the reviewed file by default), loaded once per process."""
    return _load(str(Path(path).resolve()))


@lru_cache(maxsize=None)
def _load(resolved: Text) -> UrgentPatterns:
    return load_patterns(resolved)


def match(text: Optional[Text], rule: Optional[UrgentPatterns] = None) -> Optional[Text]:
    """The id of the reviewed pattern this (already redacted) text matches, or None.

    Button payloads ("/affirm") are never a match: they are the assistant's own words.
    """
    if not text or text.startswith("/"):
        return None
    return urgent_match(text, rule or patterns())
