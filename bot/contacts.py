"""Contacts from data/contacts.yml: the only source of numbers the gateway shows."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


@lru_cache(maxsize=4)
def load_contacts(path: Path) -> dict[str, dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["contacts"]


def unavailable_message(contacts: dict[str, dict[str, Any]]) -> str:
    """What to say when the assistant cannot answer: still the emergency route."""
    emergency = contacts["emergency"]["phone"]
    hub = contacts["early_help_hub"]
    return (
        "The assistant is not available right now. Please try again in a few minutes. "
        f"If someone is in immediate danger, call {emergency}. "
        f"For advice about a concern, {hub['how'][0].lower()}{hub['how'][1:]}"
    )
