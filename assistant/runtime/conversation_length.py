"""A limit on the messages in one conversation, so that no one conversation can slow everyone.

Rasa's policies re-derive every past state of a conversation at each prediction,
so a turn costs more the longer the conversation: measured on one sender, 25 ms
a turn for its first 10 messages, 65 ms around its 100th, 97 ms past that. The
gateway's rate limits allow 30 messages a minute per conversation, so one
conversation kept going for an hour would reach about 1,800 messages and cost
Rasa's main thread half a second a turn. Real conversations are a few to a few
dozen messages.

So once a conversation's latest session holds `max_messages_per_conversation`
messages from the person (credentials.yml; 0 turns the limit off), the channel
refuses the next message with HTTP 429 and the text of `utter_conversation_full`
(domain.yml: start again, and 999 in an emergency) as its `detail`; the turn is
not run and the message is not kept. The gateway passes that on as its own 429. A message that matches the reviewed
emergency phrases is always run, whatever the count. A session that expires
(domain.yml `session_config`) starts the count again.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional, Text

from assistant.safety import rule

FULL_RESPONSE = "utter_conversation_full"
# Read only if the model's domain lacks the response (a model older than it):
# the sentence lives in domain.yml alone, not also here.
DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"


def always_runs(text: Text) -> bool:
    """Messages that suggest someone is in danger now are never held back."""
    return rule.match(text) is not None


async def user_messages(tracker_store: Any, sender_id: Text) -> int:
    """Messages the person sent in the conversation's latest session."""
    store = getattr(tracker_store, "_tracker_store", tracker_store)  # Rasa wraps stores in a fail-safe one
    if hasattr(store, "user_messages"):
        return await store.user_messages(sender_id)
    tracker = await tracker_store.retrieve(sender_id)
    return sum(1 for e in tracker.events if e.type_name == "user") if tracker else 0


def full_reply(domain: Optional[Any]) -> Dict[Text, Any]:
    variations = (getattr(domain, "responses", None) or {}).get(FULL_RESPONSE) or []
    text = next((v["text"] for v in variations if v.get("text")), None) or _from_domain_file()
    return {"text": text, "response": FULL_RESPONSE}


@lru_cache(maxsize=1)
def _from_domain_file() -> Text:
    import yaml

    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"][FULL_RESPONSE][0]["text"]


async def over_limit(agent: Any, sender_id: Text, text: Text, limit: int) -> bool:
    """True when this message should get `utter_conversation_full` instead of a turn."""
    if limit <= 0 or agent is None or getattr(agent, "tracker_store", None) is None:
        return False
    # the emergency rule is asked only of a full conversation's message
    return await user_messages(agent.tracker_store, sender_id) >= limit and not always_runs(text)
