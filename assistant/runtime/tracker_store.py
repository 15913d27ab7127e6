"""Rasa's SQL tracker store, with the conversations it serves kept in memory.

Rasa 3.6's `SQLTrackerStore` reads a whole conversation back from the database
at every turn (ORM rows, JSON, one `Event` object each, `all_subclasses(Event)`
for every event), and before saving counts the stored rows with the same
session sub-query again. Under load that was about a fifth of the Rasa
server's time (py-spy, `make bench`).

This store keeps the events of the conversations it served recently (a bounded
LRU, `cache_size`; an 8-turn conversation takes about 150 kB, measured with
tracemalloc, so 500 conversations take about 75 MB) and asks the database only
what changed:

- `retrieve`: one indexed query, `count(*)` and `max(id)` of the conversation's
  rows. If both match what this process saw last, the cached events are used;
  if rows were added (another replica, the review area's feedback events), only
  the rows after the last id seen are read; anything else (rows deleted by the
  retention job, an unexpected count) reads everything again, as Rasa does.
- `save`: the same check, then one insert of the new events. A tracker that
  did not come from this cache, or a database that changed in between, is
  saved by Rasa's own `save`, and the conversation is dropped from the cache.

The database stays the single source of truth, so replicas sharing it and
restarts of any process behave as with Rasa's store (make test-scale). The
rows written are the same as Rasa's. Use it in endpoints.yml:

    tracker_store:
      type: assistant.runtime.tracker_store.CachedSQLTrackerStore
      url: ${TRACKER_URL}
      cache_size: 500
"""
from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from rasa.shared.core.events import Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa.core.tracker_store import SQLTrackerStore

logger = logging.getLogger(__name__)

SESSION_STARTED = SessionStarted.type_name


@dataclass
class _Conversation:
    """What this process knows is stored for one conversation."""

    rows: int = 0  # rows of this conversation in the table, every session
    last_id: int = 0  # the highest row id among them
    session_start: Optional[float] = None  # timestamp of the latest SessionStarted
    events: list = field(default_factory=list)  # the latest session's events, in order

    def add(self, events: Iterable[Event]) -> None:
        """Append events, keeping only the latest session as Rasa's store reads
        it: events stamped at or after the latest SessionStarted (all events if
        there is none)."""
        self.events.extend(events)
        starts = [e.timestamp for e in self.events if e.type_name == SESSION_STARTED and e.timestamp is not None]
        if self.session_start is not None:
            starts.append(self.session_start)
        if starts:
            self.session_start = max(starts)
            self.events = [e for e in self.events if e.timestamp is not None and e.timestamp >= self.session_start]

    def copy(self) -> "_Conversation":
        return _Conversation(self.rows, self.last_id, self.session_start, list(self.events))

    def is_start_of(self, tracker: DialogueStateTracker) -> bool:
        """True when the tracker holds exactly these event objects first, so
        that its remaining events are the ones not yet stored."""
        n = len(self.events)
        if len(tracker.events) < n:
            return False
        return n == 0 or all(a is b for a, b in zip(itertools.islice(tracker.events, n), self.events))


class CachedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, cache_size: int = 500, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keep_sqlite_connections()
        self._check_postgres_connections()
        self.cache_size = int(cache_size)
        self._cache: "OrderedDict[str, _Conversation]" = OrderedDict()
        table = self.SQLEvent.__table__
        self._table = table
        self._stats = sa.select(sa.func.count(table.c.id), sa.func.coalesce(sa.func.max(table.c.id), 0)).where(
            table.c.sender_id == sa.bindparam("sender_id")
        )
        self._rows_after = (
            sa.select(table.c.id, table.c.data)
            .where(table.c.sender_id == sa.bindparam("sender_id"), table.c.id > sa.bindparam("after"))
            .order_by(table.c.id)
        )

    def _keep_sqlite_connections(self) -> None:
        """SQLAlchemy 1.4 (Rasa's) opens and closes a new connection for every use
        of an SQLite file (its NullPool; 2.0 pools them). A turn uses three, so
        keep them open in a small pool, as for PostgreSQL. The event loop's thread
        and Rasa's worker threads share them, one user at a time."""
        if self.engine.dialect.name != "sqlite" or not isinstance(self.engine.pool, sa.pool.NullPool):
            return  # PostgreSQL already pools; in-memory SQLite keeps its one connection
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8,
            connect_args={"check_same_thread": False},
        )
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _check_postgres_connections(self) -> None:
        """When PostgreSQL restarts, every connection in the pool is dead, and
        SQLAlchemy finds out only when one fails: the first turn on each Rasa
        replica after a restart failed (503). Check each connection as it
        leaves the pool (SQLAlchemy's `pool_pre_ping`, one round trip) and open
        a new one in place of a dead one, as the gateway's own engine does."""
        if self.engine.dialect.name != "postgresql":
            return
        from rasa.core.tracker_store import create_engine_kwargs

        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    # --- the cache

    def _remember(self, sender_id: str, conversation: _Conversation) -> None:
        self._cache[sender_id] = conversation
        self._cache.move_to_end(sender_id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        self._cache.pop(sender_id, None)

    @staticmethod
    def _events_from(rows: list) -> Optional[list]:
        """The rows' events, or None if any of them cannot be read (such a
        conversation is left to Rasa's own code, which skips them)."""
        events = deserialise_events([json.loads(data) for _, data in rows])
        return events if len(events) == len(rows) else None

    def _read(self, connection: sa.engine.Connection, sender_id: str) -> Optional[_Conversation]:
        """The conversation as stored now, using the cache where it is still true."""
        rows_now, last_now = connection.execute(self._stats, {"sender_id": sender_id}).one()
        known = self._cache.get(sender_id)
        if rows_now == 0:
            self.forget(sender_id)
            return _Conversation()
        if known is not None and (known.rows, known.last_id) == (rows_now, last_now):
            return known
        if known is not None and last_now > known.last_id:
            rows = connection.execute(self._rows_after, {"sender_id": sender_id, "after": known.last_id}).all()
            events = self._events_from(rows)
            if events is not None and known.rows + len(rows) == rows_now:
                known.rows, known.last_id = rows_now, rows[-1][0]
                known.add(events)
                return known
        # Rows were deleted, or written out of order: read everything again.
        self.forget(sender_id)
        rows = connection.execute(self._rows_after, {"sender_id": sender_id, "after": -1}).all()
        if not rows:
            return _Conversation()
        events = self._events_from(rows)
        if events is None:
            return None
        conversation = _Conversation(rows=len(rows), last_id=rows[-1][0])
        conversation.add(events)
        return conversation

    async def user_messages(self, sender_id: str) -> int:
        """How many messages the person sent in the conversation's latest session
        (one indexed query while the conversation is cached)."""
        with self.engine.connect() as connection:
            conversation = self._read(connection, sender_id)
        if conversation is None:  # unreadable rows: count what Rasa's own way reads
            tracker = await super().retrieve(sender_id)
            return sum(1 for e in tracker.events if e.type_name == "user") if tracker else 0
        if conversation.events:
            self._remember(sender_id, conversation)
        return sum(1 for e in conversation.events if e.type_name == "user")

    # --- Rasa's tracker store interface

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The latest session of the conversation, as Rasa's store returns it."""
        with self.engine.connect() as connection:
            conversation = self._read(connection, sender_id)
        if conversation is None:  # unreadable rows: Rasa's own way
            return await super().retrieve(sender_id)
        if not conversation.events or not self.domain:
            return None
        self._remember(sender_id, conversation)
        return DialogueStateTracker.from_events(sender_id, list(conversation.events), self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's events that are not stored yet."""
        sender_id = tracker.sender_id
        saved, after = False, None
        with self.engine.begin() as connection:
            conversation = self._read(connection, sender_id)
            if conversation is not None and conversation.is_start_of(tracker):
                new = list(itertools.islice(tracker.events, len(conversation.events), None))
                after = conversation.copy()
                if new:
                    connection.execute(self._table.insert(), [self._row(sender_id, e) for e in new])
                    after.rows, after.last_id = connection.execute(self._stats, {"sender_id": sender_id}).one()
                    after.add(new)
                    if after.rows != conversation.rows + len(new):  # someone else wrote meanwhile
                        after = None
                saved = True
        # Committed: only now does the cache change.
        if not saved:  # a tracker from elsewhere: Rasa's own way
            self.forget(sender_id)
            await super().save(tracker)
            return
        if after is None:
            self.forget(sender_id)
        else:
            self._remember(sender_id, after)
        await self.stream_events(tracker)
        logger.debug(f"Tracker with sender_id '{sender_id}' stored to database")

    @staticmethod
    def _row(sender_id: str, event: Event) -> dict:
        """The same row Rasa's SQLTrackerStore writes for an event."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
