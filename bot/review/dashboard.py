"""Dashboard figures from the conversation summaries (no message text)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.engine import Engine


def figures(engine: Engine, days: int = 30) -> dict:
    with engine.connect() as c:
        rows = c.execute(text("SELECT started, topics, fallback, urgent, negative_feedback, positive_feedback FROM review_summary WHERE started >= :since"),
                         {"since": datetime.now(timezone.utc).timestamp() - days * 86400}).all()
    per_day: Counter = Counter()
    fallback_per_day: Counter = Counter()
    topics: Counter = Counter()
    urgent = negative = positive = 0
    for started, topic_list, fallback, is_urgent, neg, pos in rows:
        day = datetime.fromtimestamp(started, timezone.utc).strftime("%Y-%m-%d")
        per_day[day] += 1
        fallback_per_day[day] += bool(fallback)
        topics.update(t for t in topic_list.split(",") if t)
        urgent += bool(is_urgent)
        negative += bool(neg)
        positive += bool(pos)
    days_sorted = sorted(per_day)
    return {
        "days": days,
        "per_day": [(d, per_day[d], fallback_per_day[d], round(100 * fallback_per_day[d] / per_day[d], 1)) for d in days_sorted],
        "top_topics": topics.most_common(10),
        "urgent": urgent,
        "feedback": {"up": positive, "down": negative, "ratio": round(positive / (positive + negative), 2) if positive + negative else None},
        "total": len(rows),
    }
