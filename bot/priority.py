"""Which messages go to Rasa ahead of the queue: those that suggest someone is in danger now.

The gateway queues messages when Rasa is busy (`bot/rasa_client.py`). A message
that matches the reviewed emergency phrases (`data/safety/urgent_phrases.yml`,
the same deterministic layer that runs inside Rasa, from its one owner
`assistant/safety/rule.py`, which has no Rasa imports) skips that queue, so the 999 reply never waits
behind other people's questions. Rasa still decides the reply; a false match
costs nothing but a place in the queue.
"""
from __future__ import annotations

from assistant.safety import rule


def urgent_before_redaction(raw: str) -> str | None:
    """The id of the reviewed pattern the message matched as it was typed, before
    personal data was removed. Redaction can take words for names ("STUDENT
    LOCKED IN THE BOYS TOILETS": "LOCKED" and "TOILETS" looked like names, blind
    round 8), so the emergency check is asked of the text as typed too, in
    memory only; only the pattern's id goes on to Rasa, never the text."""
    return rule.match(raw)


def goes_first(text: str) -> bool:
    """True when the reviewed emergency phrases match this (already redacted) text."""
    return rule.match(text) is not None
