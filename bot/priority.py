"""Which messages go to Rasa ahead of the queue: those that suggest someone is in danger now.

The gateway queues messages when Rasa is busy (`bot/rasa_client.py`). A message
that matches the reviewed emergency phrases (`data/safety/urgent_phrases.yml`,
the same deterministic layer that runs inside Rasa, `assistant/urgency.py`,
which has no Rasa imports) skips that queue, so the 999 reply never waits
behind other people's questions. Rasa still decides the reply; a false match
costs nothing but a place in the queue.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.urgency import UrgentPatterns, load_patterns, urgent_match
from bot.settings import ROOT

PATTERNS_FILE = ROOT / "data" / "safety" / "urgent_phrases.yml"


@lru_cache(maxsize=1)
def _patterns(path: Path = PATTERNS_FILE) -> UrgentPatterns:
    return load_patterns(path)


def goes_first(text: str) -> bool:
    """True when the reviewed emergency phrases match this (already redacted) text."""
    if not text or text.startswith("/"):
        return False
    return urgent_match(text, _patterns()) is not None
