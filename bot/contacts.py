"""Contacts (data/contacts.yml) and the gateway's own words (data/texts.yml):
the only sources of the numbers and sentences the gateway shows."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


@lru_cache(maxsize=4)
def load_contacts(path: Path) -> dict[str, dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["contacts"]


@lru_cache(maxsize=4)
def load_texts(path: Path) -> dict[str, str]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["texts"]


@lru_cache(maxsize=4)
def conversation_full(domain_file: Path) -> str:
    """`utter_conversation_full` from domain.yml: the gateway's fallback when
    Rasa's 429 carries no usable sentence, so the sentence lives in one place."""
    responses = yaml.safe_load(domain_file.read_text(encoding="utf-8"))["responses"]
    return " ".join(responses["utter_conversation_full"][0]["text"].split())


def say(texts_file: Path, contacts_file: Path, name: str, **values: Any) -> str:
    """The text `name` from data/texts.yml, with its contacts and `values` filled in."""
    contacts = load_contacts(contacts_file)
    hub = contacts["early_help_hub"]["how"]
    return load_texts(texts_file)[name].format(
        emergency=contacts["emergency"]["phone"], early_help_hub=hub[0].lower() + hub[1:], **values
    )


@lru_cache(maxsize=4)
def widget_texts(texts_file: Path, contacts_file: Path, max_chars: int) -> dict[str, Any]:
    """The widget's and staff page's words (data/texts.yml `widget`), with the
    emergency number from data/contacts.yml and the message limit filled in."""
    emergency = load_contacts(contacts_file)["emergency"]["phone"]
    words = yaml.safe_load(texts_file.read_text(encoding="utf-8"))["widget"]
    texts: dict[str, Any] = {k: v.format(emergency=emergency, max_chars=max_chars) for k, v in words.items()}
    texts["max_chars"], texts["emergency"] = max_chars, emergency
    return texts


def unavailable_message(settings) -> str:
    """What to say when the assistant cannot answer: still the emergency route."""
    return say(settings.texts_file, settings.contacts_file, "unavailable")
