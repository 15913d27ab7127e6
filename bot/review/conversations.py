"""Reading conversations from Rasa's tracker-store `events` table (read-only).

Summaries (audience, times, topics, lowest confidence, fallback, urgent reply,
feedback) are derived incrementally into `review_summary` so the list and the
dashboard stay fast with many conversations; the text itself is only ever read
from `events`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.engine import Engine

FALLBACK_ACTIONS = {"action_suggest_topics", "action_default_fallback", "utter_default"}
URGENT_ACTIONS = {"utter_urgent"}


def audience_of(sender_id: str) -> str:
    return "staff" if sender_id.startswith("staff-") else "parent"


def _answer(parse: dict) -> tuple[str | None, float | None]:
    intent = (parse.get("intent") or {}).get("name")
    confidence = (parse.get("intent") or {}).get("confidence")
    if intent == "faq":
        response = (((parse.get("response_selector") or {}).get("faq") or {}).get("response") or {})
        return response.get("intent_response_key") or "faq", response.get("confidence", confidence)
    return intent, confidence


def refresh_summaries(engine: Engine, batch: int = 20_000) -> int:
    """Fold events newer than the last refresh into review_summary. Returns events read."""
    read = 0
    with engine.begin() as c:
        if not engine.dialect.has_table(c, "events"):
            return 0
        row = c.execute(text("SELECT value FROM review_meta WHERE key = 'events_seen'")).first()
        seen = int(row[0]) if row else 0
        while True:
            events = c.execute(
                text("SELECT id, sender_id, type_name, action_name, timestamp, data FROM events WHERE id > :seen ORDER BY id LIMIT :n"),
                {"seen": seen, "n": batch},
            ).all()
            if not events:
                break
            summaries: dict[str, dict] = {}
            for event_id, sender, kind, action, ts, data in events:
                s = summaries.setdefault(sender, {"started": ts, "last": ts, "user_turns": 0, "topics": set(), "min_confidence": None,
                                                  "fallback": False, "urgent": False, "negative_feedback": False, "positive_feedback": False})
                s["started"], s["last"] = min(s["started"], ts), max(s["last"], ts)
                if kind == "user":
                    s["user_turns"] += 1
                    topic, confidence = _answer((json.loads(data).get("parse_data") or {}))
                    if topic and topic.startswith("faq/"):
                        s["topics"].add(topic[4:])
                    if topic == "nlu_fallback":
                        s["fallback"] = True
                    if confidence is not None and (s["min_confidence"] is None or confidence < s["min_confidence"]):
                        s["min_confidence"] = confidence
                elif kind == "action" and action in FALLBACK_ACTIONS:
                    s["fallback"] = True
                elif kind == "action" and action in URGENT_ACTIONS:
                    s["urgent"] = True
                elif kind == "slot" and action == "feedback":
                    rating = (json.loads(data).get("value") or {}).get("rating")
                    s["negative_feedback"] |= rating == "down"
                    s["positive_feedback"] |= rating == "up"
                seen = event_id
            read += len(events)
            _merge(c, summaries)
        c.execute(text("DELETE FROM review_meta WHERE key = 'events_seen'"))
        c.execute(text("INSERT INTO review_meta (key, value) VALUES ('events_seen', :v)"), {"v": seen})
    return read


def _merge(c, summaries: dict[str, dict]) -> None:
    for sender, s in summaries.items():
        old = c.execute(text("SELECT started, last, user_turns, topics, min_confidence, fallback, urgent, negative_feedback, positive_feedback FROM review_summary WHERE sender_id = :s"), {"s": sender}).first()
        topics = set(s["topics"])
        if old:
            topics |= {t for t in old.topics.split(",") if t}
            confidences = [x for x in (old.min_confidence, s["min_confidence"]) if x is not None]
            values = dict(started=min(old.started, s["started"]), last=max(old.last, s["last"]), user_turns=old.user_turns + s["user_turns"],
                          min_confidence=min(confidences) if confidences else None, fallback=bool(old.fallback) or s["fallback"],
                          urgent=bool(old.urgent) or s["urgent"], negative_feedback=bool(old.negative_feedback) or s["negative_feedback"],
                          positive_feedback=bool(old.positive_feedback) or s["positive_feedback"])
            c.execute(text("DELETE FROM review_summary WHERE sender_id = :s"), {"s": sender})
        else:
            values = {k: s[k] for k in ("started", "last", "user_turns", "min_confidence", "fallback", "urgent", "negative_feedback", "positive_feedback")}
        c.execute(
            text("INSERT INTO review_summary (sender_id, audience, started, last, user_turns, topics, min_confidence, fallback, urgent, negative_feedback, positive_feedback) "
                 "VALUES (:sender, :audience, :started, :last, :user_turns, :topics, :min_confidence, :fallback, :urgent, :negative_feedback, :positive_feedback)"),
            {"sender": sender, "audience": audience_of(sender), "topics": ",".join(sorted(topics)), **values},
        )


@dataclass
class Filters:
    date_from: datetime | None = None
    date_to: datetime | None = None
    audience: str | None = None
    topic: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    fallback: bool | None = None
    urgent: bool | None = None
    negative_feedback: bool | None = None
    reviewed: bool | None = None
    tag: str | None = None
    search: str | None = None
    sort: str = "newest"
    page: int = 1
    per_page: int = 25

    def sql(self) -> tuple[str, dict]:
        where, params = ["1=1"], {}
        if self.date_from:
            where.append("s.started >= :date_from"); params["date_from"] = self.date_from.timestamp()
        if self.date_to:
            where.append("s.started < :date_to"); params["date_to"] = self.date_to.timestamp()
        if self.audience in ("parent", "staff"):
            where.append("s.audience = :audience"); params["audience"] = self.audience
        if self.topic:
            where.append("(',' || s.topics || ',') LIKE :topic"); params["topic"] = f"%,{self.topic},%"
        if self.min_confidence is not None:
            where.append("s.min_confidence >= :minc"); params["minc"] = self.min_confidence
        if self.max_confidence is not None:
            where.append("s.min_confidence <= :maxc"); params["maxc"] = self.max_confidence
        for flag in ("fallback", "urgent", "negative_feedback"):
            value = getattr(self, flag)
            if value is not None:
                where.append(f"s.{flag} = :{flag}"); params[flag] = value
        if self.reviewed is not None:
            where.append(("" if self.reviewed else "NOT ") + "EXISTS (SELECT 1 FROM review_state r WHERE r.sender_id = s.sender_id)")
        if self.tag:
            where.append("EXISTS (SELECT 1 FROM review_tags t WHERE t.sender_id = s.sender_id AND t.tag = :tag)"); params["tag"] = self.tag
        if self.search:
            where.append("EXISTS (SELECT 1 FROM events e WHERE e.sender_id = s.sender_id AND e.type_name IN ('user', 'bot') AND LOWER(e.data) LIKE :search)")
            params["search"] = "%" + self.search.lower().replace("%", "").replace("_", "") + "%"
        return " AND ".join(where), params


ORDER = {"newest": "s.started DESC", "oldest": "s.started ASC", "confidence": "s.min_confidence ASC", "turns": "s.user_turns DESC"}


def list_conversations(engine: Engine, filters: Filters) -> tuple[list[dict], int]:
    where, params = filters.sql()
    order = ORDER.get(filters.sort, ORDER["newest"])
    with engine.connect() as c:
        total = c.execute(text(f"SELECT COUNT(*) FROM review_summary s WHERE {where}"), params).scalar_one()
        rows = c.execute(
            text(f"SELECT s.*, (SELECT 1 FROM review_state r WHERE r.sender_id = s.sender_id) AS reviewed FROM review_summary s "
                 f"WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset"),
            {**params, "limit": filters.per_page, "offset": (max(filters.page, 1) - 1) * filters.per_page},
        ).mappings().all()
    return [dict(r) for r in rows], total


@dataclass
class Turn:
    at: datetime
    who: str  # "user" | "bot" | "feedback"
    text: str
    intent: str | None = None
    topic: str | None = None
    confidence: float | None = None
    action: str | None = None


def transcript(engine: Engine, sender_id: str) -> list[Turn]:
    turns: list[Turn] = []
    with engine.connect() as c:
        rows = c.execute(text("SELECT type_name, action_name, timestamp, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender_id}).all()
    for kind, action, ts, data in rows:
        at = datetime.fromtimestamp(ts, timezone.utc)
        payload = json.loads(data)
        if kind == "user":
            parse = payload.get("parse_data") or {}
            topic, confidence = _answer(parse)
            turns.append(Turn(at, "user", payload.get("text") or "", (parse.get("intent") or {}).get("name"),
                              topic[4:] if topic and topic.startswith("faq/") else None, confidence))
        elif kind == "bot":
            turns.append(Turn(at, "bot", payload.get("text") or "", action=(payload.get("metadata") or {}).get("utter_action")))
        elif kind == "slot" and action == "feedback":
            value = payload.get("value") or {}
            turns.append(Turn(at, "feedback", f"{value.get('rating')} on the answer to message {value.get('turn')}"))
    return turns
