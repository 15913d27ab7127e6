"""Whole conversations older than RETENTION_DAYS are deleted; newer ones stay."""
import logging
import time

from sqlalchemy import create_engine, text

from bot.storage.retention import DAY, purge, sqlalchemy_url


def tracker_with(engine, conversations):
    with engine.begin() as c:
        c.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp FLOAT, data TEXT)"))
        for sender, ages in conversations.items():
            for age in ages:
                c.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, '{}')"), {"s": sender, "t": time.time() - age * DAY})


def senders(engine):
    with engine.connect() as c:
        return {row[0] for row in c.execute(text("SELECT DISTINCT sender_id FROM events"))}


def test_old_conversations_go_whole_and_recent_ones_stay(tmp_path, caplog):
    engine = create_engine(f"sqlite:///{tmp_path / 't.db'}")
    tracker_with(engine, {"old": [100, 95], "recent": [5], "spans": [120, 1]})
    with caplog.at_level(logging.INFO, logger="bot.storage.retention"):
        result = purge(engine, days=90)
    assert senders(engine) == {"recent", "spans"}
    assert (result.conversations, result.events) == (1, 2)
    assert "deleted 1 conversations (2 events) older than 90 days" in caplog.text


def test_an_empty_store_is_fine(tmp_path):
    assert purge(create_engine(f"sqlite:///{tmp_path / 'none.db'}"), days=90).conversations == 0


def test_postgres_urls_use_the_installed_driver():
    assert sqlalchemy_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert sqlalchemy_url("sqlite:///var/tracker.db") == "sqlite:///var/tracker.db"


def test_review_data_of_a_deleted_conversation_goes_with_it(tmp_path):
    from bot.review.db import migrate

    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = create_engine(url)
    tracker_with(engine, {"old": [100], "recent": [1]})
    migrate(url)
    with engine.begin() as c:
        for sender in ("old", "recent"):
            c.execute(text("INSERT INTO review_tags (sender_id, tag) VALUES (:s, 'x')"), {"s": sender})
            c.execute(text("INSERT INTO review_notes (sender_id, reviewer, text, created_at) VALUES (:s, 'r', 'n', '2026-01-01')"), {"s": sender})
    purge(engine, days=90)
    with engine.connect() as c:
        assert {r[0] for r in c.execute(text("SELECT sender_id FROM review_tags"))} == {"recent"}
        assert {r[0] for r in c.execute(text("SELECT sender_id FROM review_notes"))} == {"recent"}
