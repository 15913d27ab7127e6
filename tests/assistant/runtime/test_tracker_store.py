"""The cached SQL tracker store reads and writes what Rasa's own store does.

Every test uses a real SQLite file. Rasa's `SQLTrackerStore` on the same file
(or on a twin file fed the same turns) is the reference: the conversation read
back, and the rows written, must be the same.
"""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from assistant.runtime.tracker_store import CachedSQLTrackerStore

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = Domain.load(ROOT / "domain.yml")


def run(coroutine):
    return asyncio.run(coroutine)


def cached(db: Path, **kwargs) -> CachedSQLTrackerStore:
    return CachedSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{db}", **kwargs)


def rasa_store(db: Path) -> SQLTrackerStore:
    return SQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{db}")


def turn(tracker, text: str) -> None:
    """One user message and the assistant's answer, as Rasa appends them."""
    tracker.update(UserUttered(text, {"name": "faq", "confidence": 0.9}, parse_data={"text": text, "intent": {"name": "faq", "confidence": 0.9}}))
    tracker.update(ActionExecuted("utter_faq"))
    tracker.update(BotUttered(f"answer to {text}"))
    tracker.update(ActionExecuted("action_listen"))


def say(store, sender: str, text: str) -> None:
    """One turn the way Rasa's processor does it: fetch (or create), add, save."""
    tracker = run(store.get_or_create_tracker(sender))
    turn(tracker, text)
    run(store.save(tracker))


def texts(tracker) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def dump(tracker) -> list[dict]:
    return [e.as_dict() for e in tracker.events]


def rows(db: Path) -> list[tuple]:
    with sa.create_engine(f"sqlite:///{db}").connect() as c:
        return c.execute(sa.text("SELECT sender_id, type_name, intent_name, action_name FROM events ORDER BY id")).all()


def test_a_conversation_reads_back_as_rasas_store_reads_it(tmp_path):
    store = cached(tmp_path / "t.db")
    for text in ["hello", "what is prevent", "what is channel", "thanks"]:
        say(store, "c1", text)
    ours = run(store.retrieve("c1"))
    reference = run(rasa_store(tmp_path / "t.db").retrieve("c1"))
    assert texts(ours) == ["hello", "what is prevent", "what is channel", "thanks"]
    assert dump(ours) == dump(reference)


def test_it_writes_the_same_rows_as_rasas_store(tmp_path):
    for store, db in ((cached(tmp_path / "a.db"), "a.db"), (rasa_store(tmp_path / "b.db"), "b.db")):
        for text in ["hello", "what is prevent", "thanks"]:
            say(store, "c1", text)
    assert rows(tmp_path / "a.db") == rows(tmp_path / "b.db")
    assert len(rows(tmp_path / "a.db")) == 1 + 3 * 4  # the first action_listen, then 4 events a turn


def test_a_known_conversation_costs_one_small_query_and_no_event_rows(tmp_path):
    store = cached(tmp_path / "t.db")
    for text in ["hello", "what is prevent"]:
        say(store, "c1", text)
    statements: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda c, cur, sql, *a: statements.append(sql))
    tracker = run(store.retrieve("c1"))
    assert texts(tracker) == ["hello", "what is prevent"]
    assert len(statements) == 1 and "count" in statements[0].lower()


def test_connections_to_an_sqlite_file_are_kept_open_between_turns(tmp_path):
    """Rasa's SQLAlchemy 1.4 opened a new SQLite connection for every use (~0.45 ms each, three a turn)."""
    store = cached(tmp_path / "t.db")
    opened = []
    sa.event.listen(store.engine, "connect", lambda *a: opened.append(1))
    for text in ["hello", "what is prevent", "what is channel", "thanks"]:
        say(store, "c1", text)
        assert run(store.user_messages("c1")) == len(texts(run(store.retrieve("c1"))))
    assert len(opened) == 1


def test_two_replicas_taking_turns_keep_the_order_and_lose_nothing(tmp_path):
    one, two = cached(tmp_path / "t.db"), cached(tmp_path / "t.db")
    messages = [f"message {i}" for i in range(8)]
    for i, text in enumerate(messages):
        store = one if i % 2 == 0 else two
        tracker = run(store.get_or_create_tracker("c1"))
        assert texts(tracker) == messages[:i]  # each replica sees the other's turns
        turn(tracker, text)
        run(store.save(tracker))
    for store in (one, two, rasa_store(tmp_path / "t.db")):
        assert texts(run(store.retrieve("c1"))) == messages
    assert len(rows(tmp_path / "t.db")) == 1 + 8 * 4  # nothing written twice


def test_events_added_through_another_path_are_read(tmp_path):
    store = cached(tmp_path / "t.db")
    say(store, "c1", "hello")
    other = rasa_store(tmp_path / "t.db")  # as Rasa's /tracker/events endpoint would
    tracker = run(other.retrieve("c1"))
    tracker.update(SlotSet("audience", "staff"))
    run(other.save(tracker))
    again = run(store.retrieve("c1"))
    assert again.get_slot("audience") == "staff"
    say(store, "c1", "what next")
    assert texts(run(other.retrieve("c1"))) == ["hello", "what next"]


def test_a_conversation_deleted_by_the_retention_job_is_not_brought_back(tmp_path):
    store = cached(tmp_path / "t.db")
    say(store, "c1", "my old question")
    with sa.create_engine(f"sqlite:///{tmp_path / 't.db'}").begin() as c:
        c.execute(sa.text("DELETE FROM events WHERE sender_id = 'c1'"))
    assert run(store.retrieve("c1")) is None
    say(store, "c1", "a new question")
    assert texts(run(rasa_store(tmp_path / "t.db").retrieve("c1"))) == ["a new question"]
    assert all(r[0] == "c1" for r in rows(tmp_path / "t.db")) and len(rows(tmp_path / "t.db")) == 1 + 4


def test_only_the_latest_session_is_read_as_in_rasa(tmp_path):
    store = cached(tmp_path / "t.db")
    say(store, "c1", "first session")
    tracker = run(store.retrieve("c1"))
    time.sleep(0.01)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    turn(tracker, "second session")
    run(store.save(tracker))
    ours, reference = run(store.retrieve("c1")), run(rasa_store(tmp_path / "t.db").retrieve("c1"))
    assert texts(ours) == ["second session"]
    assert dump(ours) == dump(reference)
    say(store, "c1", "still the second")
    assert texts(run(rasa_store(tmp_path / "t.db").retrieve("c1"))) == ["second session", "still the second"]
    assert len(rows(tmp_path / "t.db")) == 1 + 4 + 3 + 4 + 4


def test_a_tracker_that_did_not_come_from_the_cache_is_saved_as_rasa_saves_it(tmp_path):
    store = cached(tmp_path / "t.db")
    say(store, "c1", "hello")
    stale = run(store.retrieve("c1"))
    say(store, "c1", "what is prevent")  # the cache moves on
    turn(stale, "late")  # an older copy of the conversation is saved after that
    run(store.save(stale))
    reference_db = tmp_path / "r.db"
    reference = rasa_store(reference_db)
    say(reference, "c1", "hello")
    stale_ref = run(reference.retrieve("c1"))
    say(reference, "c1", "what is prevent")
    turn(stale_ref, "late")
    run(reference.save(stale_ref))
    assert rows(tmp_path / "t.db") == rows(reference_db)


def test_the_cache_holds_at_most_cache_size_conversations_and_evicted_ones_still_read(tmp_path):
    store = cached(tmp_path / "t.db", cache_size=2)
    for sender in ("a", "b", "c"):
        say(store, sender, f"hello from {sender}")
    assert len(store._cache) == 2
    assert texts(run(store.retrieve("a"))) == ["hello from a"]


@pytest.mark.parametrize("messages", [1, 12])
def test_a_new_store_on_an_existing_database_reads_what_is_there(tmp_path, messages):
    first = cached(tmp_path / "t.db")
    for i in range(messages):
        say(first, "c1", f"m{i}")
    restarted = cached(tmp_path / "t.db")  # a Rasa restart: empty cache
    say(restarted, "c1", "after restart")
    assert texts(run(rasa_store(tmp_path / "t.db").retrieve("c1"))) == [f"m{i}" for i in range(messages)] + ["after restart"]


def test_it_counts_the_persons_messages_in_the_latest_session(tmp_path):
    store = cached(tmp_path / "t.db")
    assert run(store.user_messages("nobody")) == 0
    for text in ["hello", "what is prevent", "thanks"]:
        say(store, "c1", text)
    assert run(store.user_messages("c1")) == 3
    assert run(cached(tmp_path / "t.db").user_messages("c1")) == 3  # a fresh process reads the same
    tracker = run(store.retrieve("c1"))
    time.sleep(0.01)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    turn(tracker, "a new session")
    run(store.save(tracker))
    assert run(store.user_messages("c1")) == 1
