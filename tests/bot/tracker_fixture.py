"""Known conversations written in the shape of Rasa's tracker-store `events` table."""
from __future__ import annotations

import json
import time

from sqlalchemy import create_engine, text

DAY = 86400


def user(text_: str, intent: str, confidence: float, topic: str | None = None, topic_confidence: float | None = None) -> tuple:
    parse = {"intent": {"name": intent, "confidence": confidence}, "text": text_}
    if topic:
        parse["response_selector"] = {"faq": {"response": {"intent_response_key": f"faq/{topic}", "confidence": topic_confidence}}}
    return ("user", intent, None, {"event": "user", "text": text_, "parse_data": parse})


def bot(text_: str, response: str) -> tuple:
    return ("bot", None, None, {"event": "bot", "text": text_, "metadata": {"utter_action": response}})


def action(name: str) -> tuple:
    return ("action", None, name, {"event": "action", "name": name})


def feedback(turn: int, rating: str) -> tuple:
    return ("slot", None, "feedback", {"event": "slot", "name": "feedback", "value": {"turn": turn, "rating": rating}})


CONVERSATIONS = {
    "parent-known1": (2, [
        user("what is prevent", "faq", 0.99, "what_is_prevent", 0.91), action("utter_faq"), bot("Prevent is ...", "utter_faq/what_is_prevent"),
        user("is it voluntary", "faq", 0.97, "channel_voluntary", 0.42), action("utter_faq"), bot("Yes ...", "utter_faq/channel_voluntary"),
        feedback(2, "down"),
    ]),
    "parent-known2": (1, [
        user("my son has a knife at school now", "urgent_danger", 1.0), action("utter_urgent"), bot("Call 999 now", "utter_urgent"),
    ]),
    "staff-abc-known3": (0, [
        user("zxqv plonk", "nlu_fallback", 0.2), action("action_suggest_topics"), bot("Did you mean ...?", "utter_did_you_mean"),
    ]),
}


def write_tracker(url: str, conversations=CONVERSATIONS) -> None:
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL, "
                       "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"))
        now = time.time()
        for sender, (days_ago, events) in conversations.items():
            for i, (kind, intent, action_name, data) in enumerate(events):
                ts = now - days_ago * DAY + i
                c.execute(text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) VALUES (:s, :k, :t, :i, :a, :d)"),
                          {"s": sender, "k": kind, "t": ts, "i": intent, "a": action_name, "d": json.dumps({**data, "timestamp": ts})})
    engine.dispose()
