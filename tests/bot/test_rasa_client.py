"""The Rasa client: a bounded number of messages in flight per Rasa server, fairly queued."""
import asyncio

import httpx
import pytest

from bot.rasa_client import RasaClient, RasaUnavailable

URL = "http://rasa.test"


class SlowRasa:
    """Answers after a pause and counts how many messages it holds at once."""

    def __init__(self, pause: float):
        self.pause = pause
        self.holding = 0
        self.most_held = 0
        self.order = []

    async def handler(self, request: httpx.Request) -> httpx.Response:
        self.holding += 1
        self.most_held = max(self.most_held, self.holding)
        self.order.append(request.read())
        await asyncio.sleep(self.pause)
        self.holding -= 1
        return httpx.Response(200, json=[{"recipient_id": "x", "text": "ok"}])


def client(rasa, timeout=5.0, max_in_flight=3):
    return RasaClient([URL], timeout, transport=httpx.MockTransport(rasa.handler), max_in_flight=max_in_flight)


def test_rasa_never_holds_more_than_the_limit_and_every_message_is_answered():
    rasa = SlowRasa(pause=0.02)

    async def burst():
        rasa_client = client(rasa, max_in_flight=3)
        replies = await asyncio.gather(*(rasa_client.send(f"s{n}", "what is prevent", "parent") for n in range(20)))
        await rasa_client.close()
        return replies

    replies = asyncio.run(burst())
    assert [r[0]["text"] for r in replies] == ["ok"] * 20
    assert rasa.most_held == 3


def test_waiting_messages_go_in_the_order_they_came():
    rasa = SlowRasa(pause=0.01)

    async def burst():
        rasa_client = client(rasa, max_in_flight=1)
        await asyncio.gather(*(rasa_client.send(f"s{n}", "hello", "parent") for n in range(8)))
        await rasa_client.close()

    asyncio.run(burst())
    senders = [body.split(b'"sender":"')[1].split(b'"')[0].decode() for body in rasa.order]
    assert senders == [f"s{n}" for n in range(8)]


def test_a_message_that_finds_no_free_place_in_time_is_refused_and_never_sent():
    rasa = SlowRasa(pause=0.5)

    async def burst():
        rasa_client = client(rasa, timeout=0.2, max_in_flight=1)
        results = await asyncio.gather(
            rasa_client.send("first", "hello", "parent"), rasa_client.send("second", "hello", "parent"), return_exceptions=True
        )
        await rasa_client.close()
        return results

    first, second = asyncio.run(burst())
    assert isinstance(second, RasaUnavailable)
    assert len(rasa.order) == 1  # the refused message never reached Rasa
    assert first[0]["text"] == "ok"  # the first one held the only place, and was answered


def test_a_refused_connection_frees_its_place_for_the_next_message():
    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    async def twice():
        rasa_client = RasaClient([URL], 1.0, transport=httpx.MockTransport(refuse), max_in_flight=1)
        for _ in range(2):
            with pytest.raises(RasaUnavailable):
                await rasa_client.send("s", "hello", "parent")
        await rasa_client.close()

    asyncio.run(asyncio.wait_for(twice(), timeout=5))


def test_an_emergency_does_not_wait_behind_other_messages():
    rasa = SlowRasa(pause=0.2)

    async def burst():
        rasa_client = client(rasa, max_in_flight=1)
        first = asyncio.create_task(rasa_client.send("first", "what is prevent", "parent"))
        await asyncio.sleep(0.02)
        second = asyncio.create_task(rasa_client.send("second", "what is channel", "parent"))
        await asyncio.sleep(0.02)
        urgent = asyncio.create_task(rasa_client.send("urgent", "he has a knife", "parent", priority=True))
        await asyncio.gather(first, second, urgent)
        await rasa_client.close()

    asyncio.run(burst())
    senders = [body.split(b'"sender":"')[1].split(b'"')[0].decode() for body in rasa.order]
    assert senders == ["first", "urgent", "second"]
