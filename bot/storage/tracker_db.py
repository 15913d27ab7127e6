"""Prepare a SQLite tracker store before Rasa starts: write-ahead logging.

Rasa commits every turn to the tracker store. In SQLite's default rollback
journal mode each commit costs several fsyncs and blocks readers; WAL mode
(a setting stored in the database file itself) costs one and lets the review
area read while Rasa writes. PostgreSQL needs nothing here.
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from bot.settings import get_settings


def prepare(url: str) -> str:
    if not url.startswith("sqlite:///"):
        return "not SQLite: nothing to do"
    path = Path(url[len("sqlite:///"):])
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    return f"{path}: journal_mode={mode}"


if __name__ == "__main__":
    print("tracker store:", prepare(get_settings().tracker_url), file=sys.stderr)
