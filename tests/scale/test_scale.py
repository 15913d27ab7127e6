"""The scaled configuration, for real: PostgreSQL tracker store, Redis lock
store, two Rasa replicas, two gateway workers; and what happens when parts fail."""
from __future__ import annotations

import threading
import time
import uuid
from collections import Counter

import httpx
from sqlalchemy import create_engine, text

from bot.storage.retention import sqlalchemy_url


def webhook(stack, port: int, sender: str, message: str, audience: str = "staff") -> list[dict]:
    reply = httpx.post(
        f"http://127.0.0.1:{port}/webhooks/gateway/webhook",
        json={"sender": sender, "message": message, "metadata": {"audience": audience}},
        headers=stack.webhook_headers, timeout=30,
    )
    reply.raise_for_status()
    return reply.json()


def user_texts(postgres, sender: str) -> list[str]:
    engine = create_engine(sqlalchemy_url(postgres.url))
    with engine.connect() as c:
        rows = c.execute(text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"), {"s": sender})
        import json

        texts = [json.loads(r[0]).get("text") for r in rows]
    engine.dispose()
    return texts


def say(stack, session: str, message: str) -> httpx.Response:
    return httpx.post(f"{stack.base}/api/chat/parent", json={"session_id": session, "message": message}, timeout=30)


def joined(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_one_conversation_alternating_over_two_replicas_keeps_its_state_and_order(scaled, postgres):
    first, second = scaled.rasa_ports
    sender = f"staff-scale-{uuid.uuid4().hex[:8]}"
    assert "significant harm" in joined(webhook(scaled, first, sender, "I have a concern about a pupil"))
    assert "Step 1" in joined(webhook(scaled, second, sender, "/deny"))
    assert "Step 2" in joined(webhook(scaled, first, sender, "what next"))
    assert "Step 3" in joined(webhook(scaled, second, sender, "what next"))
    assert user_texts(postgres, sender) == ["I have a concern about a pupil", "/deny", "what next", "what next"]


def test_the_lock_store_serialises_one_conversation_sent_to_both_replicas_at_once(scaled, postgres):
    sender = f"parent-lock-{uuid.uuid4().hex[:8]}"
    messages = [f"what is channel {i}" for i in range(6)]
    codes: dict[str, int] = {}

    def send(port: int, message: str) -> None:
        codes[message] = httpx.post(
            f"http://127.0.0.1:{port}/webhooks/gateway/webhook",
            json={"sender": sender, "message": message, "metadata": {"audience": "parent"}},
            headers=scaled.webhook_headers, timeout=60,
        ).status_code

    threads = [threading.Thread(target=send, args=(scaled.rasa_ports[i % 2], m)) for i, m in enumerate(messages)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = user_texts(postgres, sender)
    accepted = [m for m, code in codes.items() if code == 200]
    # Every accepted message is stored exactly once; nothing is stored twice. (Rasa's
    # ticket lock can refuse a message sent at the very same moment: that is an
    # explicit error to the sender, never a silent loss.)
    assert len(stored) == len(set(stored))
    assert set(accepted) <= set(stored) <= set(messages)
    assert len(accepted) >= 4, codes


def test_a_gateway_restart_continues_the_conversation(scaled):
    session = uuid.uuid4().hex
    say(scaled, session, "hello")
    scaled.stop("gateway")
    scaled.start_gateway()
    scaled.wait_ready()
    assert say(scaled, session, "what is prevent").status_code == 200


def test_with_the_action_server_down_the_user_gets_a_friendly_reply(scaled):
    scaled.stop("actions")
    try:
        reply = say(scaled, uuid.uuid4().hex, "I'm worried about my son")
        assert reply.status_code == 200
        assert "999" in reply.json()["messages"][-1]["text"]
    finally:
        scaled.start_actions()
        scaled.wait_ready()


def test_killing_a_replica_under_load_loses_no_accepted_message(scaled, postgres):
    results: list[tuple[str, str, int]] = []
    lock = threading.Lock()

    def user(n: int) -> None:
        session = f"load{n}{uuid.uuid4().hex[:6]}"
        for turn in range(6):
            message = f"what is prevent {turn}"
            try:
                code = say(scaled, session, message).status_code
            except httpx.HTTPError:
                code = 0
            with lock:
                results.append((f"parent-{session}", message, code))

    users = [threading.Thread(target=user, args=(n,)) for n in range(12)]
    for t in users:
        t.start()
    time.sleep(3)
    scaled.stop("rasa-2")
    for t in users:
        t.join()
    accepted = [(s, m) for s, m, code in results if code == 200]
    codes = Counter(code for _, _, code in results)
    assert len(accepted) >= len(results) - 12, codes  # at most the in-flight ones fail
    for sender, message in accepted:
        assert message in user_texts(postgres, sender), (sender, message)
    # after the kill, requests go to the remaining replica
    assert say(scaled, uuid.uuid4().hex, "what is channel").status_code == 200
    scaled.start_rasa(1)
    scaled.wait_ready()


def test_with_every_replica_down_503_gives_999_then_it_recovers(scaled):
    scaled.stop("rasa")
    scaled.stop("rasa-2")
    reply = say(scaled, uuid.uuid4().hex, "what is prevent")
    assert reply.status_code == 503
    assert "999" in reply.json()["detail"]
    scaled.start_rasa(0)
    scaled.start_rasa(1)
    scaled.wait_ready()
    assert say(scaled, uuid.uuid4().hex, "what is prevent").status_code == 200


def test_a_postgres_restart_recovers_without_restarting_anything_else(scaled, postgres):
    session = uuid.uuid4().hex
    for message in ("hello", "what is prevent", "is channel voluntary", "thanks"):  # both replicas hold connections
        assert say(scaled, session, message).status_code == 200
    postgres.restart()
    # every message after the restart is answered, on whichever replica it reaches:
    # each checks its pooled connections before use, so none meets a dead one
    codes = [say(scaled, uuid.uuid4().hex if i % 2 else session, message).status_code
             for i, message in enumerate(["what is channel", "hello", "who do I call", "what is prevent", "thanks", "is channel voluntary"])]
    assert codes == [200] * 6


def test_the_review_area_reads_conversations_from_postgres(scaled, postgres):
    from bot.review.conversations import Filters, list_conversations, refresh_summaries, transcript
    from bot.review.db import engine_for, migrate

    session = uuid.uuid4().hex
    assert say(scaled, session, "is channel voluntary").status_code == 200
    migrate(postgres.url)  # the gateway workers did this at start-up; it is idempotent
    engine = engine_for(postgres.url)
    refresh_summaries(engine)
    rows, total = list_conversations(engine, Filters(search="channel voluntary"))
    assert f"parent-{session}" in {r["sender_id"] for r in rows}
    assert any(t.who == "user" and t.topic == "channel_voluntary" for t in transcript(engine, f"parent-{session}"))
