"""FAQ topic titles and canonical questions, read once from data/faq_topics.yml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import yaml

TOPICS_FILE = Path(__file__).resolve().parent.parent / "data" / "faq_topics.yml"


@lru_cache(maxsize=1)
def load_topics(path: Path = TOPICS_FILE) -> Dict[str, Dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]


def likeliest_topics(
    parse_data: Dict[str, Any], topics: Dict[str, Dict[str, Any]], count: int = 2, audience: str = "parent"
) -> List[str]:
    """The `count` likeliest FAQ topics in a parse result, best first, known topics only.

    A parent is offered only the topics for everyone (`audience: parent`); staff
    are offered every topic.
    """
    selector = (parse_data.get("response_selector") or {}).get("faq") or {}
    found: List[str] = []
    for candidate in selector.get("ranking") or []:
        key = candidate.get("intent_response_key") or ""
        topic = key.split("/", 1)[-1]
        if topic not in topics or topic in found:
            continue
        if audience == "staff" or topics[topic].get("audience") != "staff":
            found.append(topic)
        if len(found) == count:
            break
    return found
