"""A Redis lock store that stays correct when several Rasa replicas share it.

Rasa 3.6's `RedisLockStore` keeps one conversation's ticket queue as a JSON
value, and changes it by reading, editing and writing it back. Two replicas
doing that at the same moment can both take ticket 0, both "hold" the lock and
both save the conversation: one user message is then dropped from the tracker
store (found by `make test-scale`: a message answered with 200 that was never
stored). Rasa 3.7 added a concurrent mode for this; 3.6 has none.

This store makes every read-edit-write one Redis transaction (WATCH/MULTI,
retried on conflict), so tickets are unique and the queue is never lost.
Use it in endpoints.yml:

    lock_store:
      type: assistant.runtime.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
"""
from __future__ import annotations

import json
import logging
from typing import Callable, Optional, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)
T = TypeVar("T")


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs) -> None:
        if endpoint_config is not None:
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
        super().__init__(**kwargs)

    def _transaction(self, conversation_id: str, change: Callable[[Optional[TicketLock]], T]) -> T:
        """Read the lock, let `change` edit it (or return it as None to delete it), and
        write it back, all or nothing. `change` may run more than once."""
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    keep, result = change(lock)
                    pipe.multi()
                    if keep is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, keep.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed the queue first: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: Optional[TicketLock]):
            lock = lock or self.create_lock(conversation_id)
            lock.remove_expired_tickets()
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._transaction(conversation_id, take)
        except Exception as error:  # Rasa answers a LockError with a clear 500, never a silent loss
            raise LockError(f"Error while acquiring lock: {error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: Optional[TicketLock]):
            if lock is None:
                return None, None
            lock.remove_expired_tickets()
            return lock, None

        self._transaction(conversation_id, expire)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def release(lock: Optional[TicketLock]):
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._transaction(conversation_id, release)
