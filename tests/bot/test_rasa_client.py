"""The Rasa client: a bounded number of messages in flight per Rasa server, fairly queued."""
import asyncio

import httpx
import pytest

from bot.rasa_client import ConversationFull, RasaClient, RasaUnavailable, _Places

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


class Servers:
    """Several Rasa servers behind one transport, told apart by host name."""

    def __init__(self, **servers):
        self.servers = servers  # host -> SlowRasa, or None for a server that refuses connections
        self.attempts = {host: 0 for host in servers}

    async def handler(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        self.attempts[host] += 1
        server = self.servers[host]
        if server is None:
            raise httpx.ConnectError("refused", request=request)
        return await server.handler(request)

    def client(self, **options):
        urls = [f"http://{host}" for host in self.servers]
        return RasaClient(urls, 5.0, transport=httpx.MockTransport(self.handler), **options)


def test_a_message_goes_to_a_server_with_room_rather_than_wait_for_a_busy_one():
    slow, quick = SlowRasa(pause=0.5), SlowRasa(pause=0.01)
    servers = Servers(slow=slow, quick=quick)

    async def burst():
        rasa_client = servers.client(max_in_flight=1)
        first = asyncio.create_task(rasa_client.send("s0", "hello", "parent"))
        await asyncio.sleep(0.05)  # the first message holds a place on one server
        rest = await asyncio.gather(*(rasa_client.send(f"s{n}", "hello", "parent") for n in range(1, 6)))
        await first
        await rasa_client.close()
        return rest

    replies = asyncio.run(burst())
    assert [r[0]["text"] for r in replies] == ["ok"] * 5
    # Whichever server took the first message, the other took every later one
    # while it was busy: none queued behind the busy server.
    assert sorted([len(slow.order), len(quick.order)]) == [1, 5]


def test_a_server_that_refused_is_passed_over_for_a_while_then_tried_again():
    alive = SlowRasa(pause=0)
    servers = Servers(dead=None, alive=alive)

    async def conversation():
        rasa_client = servers.client(retry_down_after=0.3)
        for n in range(6):
            await rasa_client.send("s", f"message {n}", "parent")
        refused_while_down = servers.attempts["dead"]
        await asyncio.sleep(0.4)
        for n in range(2):  # the two servers take turns when equally free
            await rasa_client.send("s", f"later {n}", "parent")
        await rasa_client.close()
        return refused_while_down

    refused_while_down = asyncio.run(conversation())
    assert refused_while_down == 1  # tried once, then passed over
    assert servers.attempts["dead"] == 2  # tried again once the pause was over
    assert len(alive.order) == 8  # every message answered by the live server


def test_a_server_that_refused_is_not_used_even_when_the_others_are_full():
    busy = SlowRasa(pause=0.05)
    servers = Servers(dead=None, busy=busy)

    async def run():
        rasa_client = servers.client(max_in_flight=1, retry_down_after=10)
        for n in range(2):  # one of these tries the dead server first
            await rasa_client.send("s", f"first {n}", "parent")
        await asyncio.gather(*(rasa_client.send(f"s{n}", "hello", "parent") for n in range(4)))
        await rasa_client.close()

    asyncio.run(run())
    assert servers.attempts["dead"] == 1  # the burst waited for the live server instead
    assert len(busy.order) == 6


def test_a_restarted_server_gets_its_share_back():
    first, second = SlowRasa(pause=0.01), SlowRasa(pause=0.01)
    servers = Servers(first=None, second=second)

    async def run():
        rasa_client = servers.client(retry_down_after=0.1)
        await rasa_client.send("s", "while one is down", "parent")
        servers.servers["first"] = first  # the replica is back
        await asyncio.sleep(0.2)
        await asyncio.gather(*(rasa_client.send(f"s{n}", "hello", "parent") for n in range(10)))
        await rasa_client.close()

    asyncio.run(run())
    assert len(first.order) >= 3  # both servers share the load again


def test_when_every_server_refuses_the_message_is_refused():
    servers = Servers(a=None, b=None)

    async def run():
        rasa_client = servers.client()
        with pytest.raises(RasaUnavailable):
            await rasa_client.send("s", "hello", "parent")
        await rasa_client.close()

    asyncio.run(asyncio.wait_for(run(), timeout=5))
    assert servers.attempts == {"a": 1, "b": 1}


def test_a_request_cancelled_just_as_a_place_came_does_not_keep_the_place():
    async def run():
        places = _Places([URL], max_in_flight=1, retry_down_after=2.0)
        assert await places.take(frozenset(), timeout=1) == URL
        waiting = asyncio.create_task(places.take(frozenset(), timeout=1))
        await asyncio.sleep(0)  # it is now in the queue
        places.give_back(URL)  # the place goes to the waiting request ...
        waiting.cancel()  # ... which is cancelled before it runs again
        with pytest.raises(asyncio.CancelledError):
            await waiting
        return places.in_flight[URL], await places.take(frozenset(), timeout=1)

    in_flight, next_place = asyncio.run(run())
    assert in_flight == 0
    assert next_place == URL


def test_a_conversation_rasa_says_is_full_is_refused_with_rasas_sentence_and_not_retried_elsewhere():
    sentence = "This conversation is now too long. Please choose Start again. If someone is in immediate danger, call 999."
    calls = []

    def full(request):
        calls.append(request.url.host)
        return httpx.Response(429, json={"detail": sentence, "response": "utter_conversation_full"})

    async def run():
        rasa_client = RasaClient(["http://a", "http://b"], 5.0, transport=httpx.MockTransport(full))
        with pytest.raises(ConversationFull) as refused:
            await rasa_client.send("s", "hello", "parent")
        await rasa_client.close()
        return refused.value

    refused = asyncio.run(run())
    assert refused.detail == sentence
    assert len(calls) == 1


class Recorder:
    def __init__(self):
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_id": "m"})
        return httpx.Response(200, json=[] if "webhook" in request.url.path else {})


def test_every_message_carries_the_webhook_secret_and_every_api_call_the_token():
    seen = Recorder()
    client = RasaClient([URL], 5, transport=httpx.MockTransport(seen.handler), webhook_secret="w" * 40, api_token="a" * 40)

    async def go():
        await client.send("parent-s", "hello", "parent")
        await client.add_event("parent-s", {"event": "slot", "name": "feedback", "value": None})
        assert await client.ready()

    asyncio.run(go())
    webhook, events, status = seen.requests
    assert webhook.headers["x-gateway-secret"] == "w" * 40 and "token" not in webhook.url.params
    assert events.url.params["token"] == "a" * 40 and status.url.params["token"] == "a" * 40
    assert "x-gateway-secret" not in events.headers  # the secret goes only where the channel checks it


def test_without_secrets_nothing_is_sent_in_their_place():
    seen = Recorder()
    client = RasaClient([URL], 5, transport=httpx.MockTransport(seen.handler))
    asyncio.run(client.send("parent-s", "hello", "parent"))
    assert "x-gateway-secret" not in seen.requests[0].headers and not seen.requests[0].url.params
