"""Dashboard figures from the conversation summaries (no message text)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.engine import Engine

DAY = 86400


def figures(engine: Engine, days: int = 30) -> dict:
    since = {"since": datetime.now(timezone.utc).timestamp() - days * DAY}
    with engine.connect() as c:
        per_day = c.execute(text(
            "SELECT CAST(started / 86400 AS INTEGER) AS day, COUNT(*), SUM(CASE WHEN fallback THEN 1 ELSE 0 END) "
            "FROM review_summary WHERE started >= :since GROUP BY day ORDER BY day"), since).all()
        total, urgent, negative, positive = c.execute(text(
            "SELECT COUNT(*), SUM(CASE WHEN urgent THEN 1 ELSE 0 END), SUM(CASE WHEN negative_feedback THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN positive_feedback THEN 1 ELSE 0 END) FROM review_summary WHERE started >= :since"), since).one()
        topics: Counter = Counter()
        for (topic_list,) in c.execute(text("SELECT topics FROM review_summary WHERE started >= :since AND topics != ''"), since):
            topics.update(topic_list.split(","))
    urgent, negative, positive = urgent or 0, negative or 0, positive or 0
    return {
        "days": days,
        "per_day": [
            (datetime.fromtimestamp(day * DAY, timezone.utc).strftime("%Y-%m-%d"), n, fb, round(100 * fb / n, 1))
            for day, n, fb in per_day
        ],
        "top_topics": topics.most_common(10),
        "urgent": urgent,
        "feedback": {"up": positive, "down": negative, "ratio": round(positive / (positive + negative), 2) if positive + negative else None},
        "total": total,
    }
