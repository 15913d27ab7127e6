"""Deleting whole conversations older than RETENTION_DAYS from the tracker store.

Run daily by the gateway, and by hand with `make purge`. It writes one audit
line with how many conversations and events were deleted, never any content.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import time
from dataclasses import dataclass

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from bot.settings import Settings, get_settings

logger = logging.getLogger("bot.storage.retention")
DAY = 86400
REVIEW_TABLES = {"review_tags", "review_notes", "review_state", "review_summary"}


def sqlalchemy_url(url: str) -> str:
    """Rasa's tracker URL, with the driver this venv has (psycopg 3) for PostgreSQL."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int


def purge(engine: Engine, days: int, now: float | None = None) -> PurgeResult:
    """Delete every conversation whose last event is older than `days` days."""
    if not inspect(engine).has_table("events"):
        return PurgeResult(0, 0)
    cutoff = (now if now is not None else time.time()) - days * DAY
    old = "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"
    tables = set(inspect(engine).get_table_names())
    with engine.begin() as connection:
        conversations = connection.execute(text(f"SELECT COUNT(*) FROM ({old}) AS old"), {"cutoff": cutoff}).scalar_one()
        # The review area's data about those conversations goes with them.
        for table in REVIEW_TABLES & tables:
            connection.execute(text(f"DELETE FROM {table} WHERE sender_id IN ({old})"), {"cutoff": cutoff})
        events = connection.execute(text(f"DELETE FROM events WHERE sender_id IN ({old})"), {"cutoff": cutoff}).rowcount
    logger.info("retention: deleted %d conversations (%d events) older than %d days", conversations, events, days)
    return PurgeResult(conversations, events)


async def purge_every_day(settings: Settings) -> None:
    """The gateway's scheduled job: purge at start-up, then once a day."""
    engine = create_engine(sqlalchemy_url(settings.tracker_url), pool_pre_ping=True)
    try:
        while True:
            try:
                await asyncio.to_thread(purge, engine, settings.retention_days)
            except Exception as error:  # noqa: BLE001 - the job must keep running
                logger.error("retention: purge failed (%s); will try again", type(error).__name__)
            await asyncio.sleep(settings.retention_interval_hours * 3600)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Delete conversations older than RETENTION_DAYS.")
    parser.add_argument("--days", type=int, help="override RETENTION_DAYS for this run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    days = args.days if args.days is not None else settings.retention_days
    print(f"Deleting conversations older than {days} days from the tracker store...")
    result = purge(create_engine(sqlalchemy_url(settings.tracker_url)), days)
    print(f"Deleted {result.conversations} conversations ({result.events} events).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
