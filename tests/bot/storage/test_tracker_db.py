"""The SQLite tracker store is put in WAL mode before Rasa starts."""
import sqlite3

from bot.storage.tracker_db import prepare


def test_sqlite_gets_write_ahead_logging(tmp_path):
    db = tmp_path / "var" / "tracker.db"
    assert prepare(f"sqlite:///{db}").endswith("journal_mode=wal")
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgres_is_left_alone():
    assert prepare("postgresql://u@h/db") == "not SQLite: nothing to do"
