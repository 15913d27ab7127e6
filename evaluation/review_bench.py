"""`make bench`, review area: 10,000 seeded conversations (about 200,000 events)
in a SQLite tracker store, then the time to open the filtered list and the
dashboard (p50/p95 over repeated requests, server side, in-process)."""
from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from bot.main import create_app
from bot.review.accounts import add_reviewer
from bot.review.conversations import refresh_summaries
from bot.review.db import engine_for, migrate, session_for
from bot.settings import Settings

TOPICS = ["what_is_prevent", "what_is_channel", "channel_voluntary", "criminal_record", "signs_of_radicalisation", "early_help_hub", "staff_training"]


def seed(url: str, conversations: int = 10_000, rng: random.Random | None = None) -> int:
    rng = rng or random.Random(1)
    engine = create_engine(url)
    now = time.time()
    rows = []
    with engine.begin() as c:
        c.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL, "
                       "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"))
        c.execute(text("CREATE INDEX ix_events_sender_id ON events (sender_id)"))
        for n in range(conversations):
            sender = ("staff-bench-" if n % 4 == 0 else "parent-") + f"{n:06d}"
            ts = now - rng.random() * 30 * 86400
            for turn in range(4):
                topic = rng.choice(TOPICS)
                conf = rng.random()
                intent = "nlu_fallback" if conf < 0.1 else "faq"
                parse = {"intent": {"name": intent, "confidence": conf}, "response_selector": {"faq": {"response": {"intent_response_key": f"faq/{topic}", "confidence": conf}}}}
                rows.append((sender, "user", ts, intent, None, json.dumps({"event": "user", "text": f"question about {topic.replace('_', ' ')}", "parse_data": parse})))
                rows.append((sender, "user_featurization", ts, None, None, "{}"))
                rows.append((sender, "action", ts, None, "utter_faq", "{}"))
                rows.append((sender, "bot", ts, None, None, json.dumps({"event": "bot", "text": "An answer. Source: ...", "metadata": {"utter_action": f"utter_faq/{topic}"}})))
                rows.append((sender, "action", ts, None, "action_listen", "{}"))
                ts += 5
            if rng.random() < 0.05:
                rows.append((sender, "slot", ts, None, "feedback", json.dumps({"value": {"turn": 1, "rating": rng.choice(["up", "down"])}})))
        c.exec_driver_sql("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="prevent-review-bench-"))
    url = f"sqlite:///{workdir / 'tracker.db'}"
    print("\n== Review area with 10,000 conversations (SQLite)")
    started = time.perf_counter()
    events = seed(url)
    print(f"   seeded {events} events in {time.perf_counter() - started:.1f}s")
    migrate(url)
    started = time.perf_counter()
    refresh_summaries(engine_for(url))
    print(f"   first summary refresh (once, then incremental): {time.perf_counter() - started:.1f}s")
    with session_for(url) as db:
        add_reviewer(db, "Bench Reviewer", "bench password 123")
    settings = Settings(environment="test", tracker_url=url, retention_job_enabled=False, staff_token_secret="b" * 40)
    with TestClient(create_app(settings)) as client:
        login = client.get("/review/login")
        token = login.text.split('name="csrf_token" value="')[1].split('"')[0]
        client.post("/review/login", data={"name": "Bench Reviewer", "password": "bench password 123", "csrf_token": token})
        for name, path in [
            ("filtered list", "/review?audience=parent&fallback=yes&sort=confidence"),
            ("list, topic filter", "/review?topic=channel_voluntary&max_confidence=0.5"),
            ("list, text search", "/review?q=criminal+record"),
            ("dashboard", "/review/dashboard"),
        ]:
            times = []
            for _ in range(30):
                t0 = time.perf_counter()
                assert client.get(path).status_code == 200
                times.append((time.perf_counter() - t0) * 1000)
            print(f"   {name:<20} p50 {statistics.median(times):6.0f} ms   p95 {percentile(times, 95):6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
