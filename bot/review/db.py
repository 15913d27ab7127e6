"""Database access for the review area: its own tables (migrated with Alembic)
and Rasa's `events` table, which it only ever reads."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.retention import sqlalchemy_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@lru_cache(maxsize=4)
def engine_for(url: str) -> Engine:
    return create_engine(sqlalchemy_url(url), pool_pre_ping=True)


def migrate(url: str) -> None:
    """Bring the review tables up to date (safe to run at every start-up)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(url))
    with engine_for(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_for(url: str) -> Session:
    return sessionmaker(engine_for(url), expire_on_commit=False)()


def migrate_with_retry(url: str, attempts: int = 5) -> None:
    """Several gateway workers start at once; the losers of the race just try again."""
    import time

    for attempt in range(attempts):
        try:
            migrate(url)
            return
        except Exception:  # noqa: BLE001 - another worker may be migrating at this moment
            if attempt == attempts - 1:
                raise
            time.sleep(0.5 * (attempt + 1))
