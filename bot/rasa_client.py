"""Talking to Rasa over HTTP. The gateway never imports rasa.

Each Rasa server gets at most `max_in_flight` messages at a time; the rest wait
here in one queue, first come first served, and each goes to whichever server
has a free place first (the least busy one, taking turns among equals). Rasa
handles one message's steps (parse, actions, tracker save) interleaved with
every other message it holds, so under a burst a message it took early could
wait behind all the later ones at each step: with 50 users sending at once some
took 28 s or more. Queueing here keeps that wait fair and bounded, and one
queue for all the servers means a message never waits for a busy server while
another has room. A message that finds no free place within the timeout gets
the "busy" reply (503, with the emergency line) and is not sent. A message that
suggests someone is in danger now (`priority`, see `bot/priority.py`) does not
wait for a place.

A server that refuses the connection is skipped at once and the next one is
tried, so a dead replica costs milliseconds; it is then passed over for
`retry_down_after` seconds (unless no other server is left), and tried again
after that, so a restarted replica gets its share back. A timeout while Rasa is
already processing is not retried, so that a message is never handled twice.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import deque
from typing import Any

import httpx

logger = logging.getLogger(__name__)

URGENT_RESPONSE = "utter_urgent"
WEBHOOK_SECRET_HEADER = "X-Gateway-Secret"  # the same name in assistant/runtime/channel.py


class RasaUnavailable(Exception):
    """No Rasa server could take the message."""


class ConversationFull(Exception):
    """Rasa refused the message: the conversation has reached its length limit
    (assistant/runtime/conversation_length.py). `detail` is Rasa's sentence for the person."""

    def __init__(self, detail: str | None):
        super().__init__("conversation full")
        self.detail = detail


class _Places:
    """The free places on each Rasa server, and the queue of messages waiting for one."""

    def __init__(self, urls: list[str], max_in_flight: int, retry_down_after: float):
        self.urls = urls
        self.limit = max_in_flight
        self.retry_down_after = retry_down_after
        self.in_flight = dict.fromkeys(urls, 0)
        self.down_until = dict.fromkeys(urls, 0.0)
        self._turn = itertools.cycle(range(len(urls)))
        self._waiting: deque[tuple[asyncio.Future, frozenset[str]]] = deque()

    def choose(self, tried: frozenset[str], counting: bool = True) -> str | None:
        """The least busy server not yet tried, with a free place if `counting`;
        None if there is none. A server that refused lately is chosen only when
        every other one not yet tried refused too: a message waits for a place
        on a live server rather than go to one that is probably down."""
        start = next(self._turn)
        rotated = [u for u in self.urls[start:] + self.urls[:start] if u not in tried]
        now = time.monotonic()
        candidates = [u for u in rotated if self.down_until[u] <= now] or rotated
        if counting:
            candidates = [u for u in candidates if self.in_flight[u] < self.limit]
        return min(candidates, key=self.in_flight.__getitem__) if candidates else None

    async def take(self, tried: frozenset[str], timeout: float) -> str | None:
        """A place on a server not in `tried`: None when every server has been
        tried; TimeoutError when none was free in time."""
        if len(tried) == len(self.urls):
            return None
        if not self._waiting:
            url = self.choose(tried)
            if url is not None:
                self.in_flight[url] += 1
                return url
        waiter = asyncio.get_running_loop().create_future()
        entry = (waiter, tried)
        self._waiting.append(entry)
        self._hand_out()  # a place no earlier message can use may be free for this one
        try:
            async with asyncio.timeout(timeout):
                return await waiter
        except BaseException:  # timed out, or the request was cancelled (the person left)
            if waiter.done() and not waiter.cancelled():  # a place came just then: free it
                self.give_back(waiter.result())
            raise
        finally:
            if entry in self._waiting:
                self._waiting.remove(entry)

    def give_back(self, url: str) -> None:
        self.in_flight[url] -= 1
        self._hand_out()

    def _hand_out(self) -> None:
        """Free places go to the waiting messages in the order they came."""
        for entry in list(self._waiting):
            waiter, tried = entry
            if waiter.done():
                continue
            url = self.choose(tried)
            if url is None:
                continue
            self.in_flight[url] += 1
            self._waiting.remove(entry)
            waiter.set_result(url)

    def refused(self, url: str) -> None:
        self.down_until[url] = time.monotonic() + self.retry_down_after

    def answered(self, url: str) -> None:
        self.down_until[url] = 0.0


class RasaClient:
    def __init__(
        self,
        urls: list[str],
        timeout_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
        max_in_flight: int = 4,
        retry_down_after: float = 2.0,
        webhook_secret: str = "",
        api_token: str = "",
    ):
        self.urls = urls
        # Rasa takes only the gateway's messages (see assistant/runtime/channel.py) and
        # API calls (`rasa run --auth-token`, checked on the `token` parameter).
        self._webhook_headers = {WEBHOOK_SECRET_HEADER: webhook_secret} if webhook_secret else {}
        self._api_params = {"token": api_token} if api_token else {}
        self.timeout_seconds = timeout_seconds
        self._places = _Places(urls, max_in_flight, retry_down_after)
        self._turn = itertools.cycle(range(len(urls)))
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_seconds, connect=1.0),
            transport=transport,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )

    async def close(self) -> None:
        await self._http.aclose()

    def _order(self) -> list[str]:
        start = next(self._turn)
        return self.urls[start:] + self.urls[:start]

    async def send(self, sender_id: str, text: str, audience: str, priority: bool = False,
                   urgent_pattern: str | None = None) -> list[dict[str, Any]]:
        metadata = {"audience": audience}
        if urgent_pattern:
            metadata["urgent_pattern"] = urgent_pattern  # the id only (bot/priority.py)
        body = {"sender": sender_id, "message": text, "metadata": metadata}
        tried: frozenset[str] = frozenset()
        while True:
            if priority:
                url = self._places.choose(tried, counting=False)
            else:
                try:
                    url = await self._places.take(tried, self.timeout_seconds)
                except TimeoutError:
                    logger.error("rasa servers busy: no free place within %ss", self.timeout_seconds)
                    raise RasaUnavailable from None
            if url is None:
                raise RasaUnavailable
            tried |= {url}
            try:
                reply = await self._http.post(f"{url}/webhooks/gateway/webhook", json=body, headers=self._webhook_headers)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
                logger.warning("rasa server unreachable: %s", url)
                self._places.refused(url)
                continue
            except httpx.HTTPError as error:
                logger.error("rasa server failed: %s (%s)", url, type(error).__name__)
                raise RasaUnavailable from error
            finally:
                if not priority:
                    self._places.give_back(url)
            self._places.answered(url)
            if reply.status_code == 429:  # a decision about this conversation: not retried elsewhere
                try:
                    detail = reply.json().get("detail")
                except (ValueError, AttributeError):
                    detail = None
                raise ConversationFull(detail if isinstance(detail, str) else None)
            if reply.status_code != 200:
                logger.error("rasa server answered %s: %s", reply.status_code, url)
                raise RasaUnavailable
            return urgent_first(reply.json())

    async def add_event(self, sender_id: str, event: dict[str, Any]) -> None:
        """Append one event (such as feedback) to a conversation's tracker."""
        for url in self._order():
            try:
                reply = await self._http.post(
                    f"{url}/conversations/{sender_id}/tracker/events", json=[event], params=self._api_params
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
                continue
            except httpx.HTTPError as error:
                raise RasaUnavailable from error
            if reply.status_code != 200:
                raise RasaUnavailable
            return
        raise RasaUnavailable

    async def ready(self) -> bool:
        """True when at least one Rasa server has a model loaded."""
        for url in self.urls:
            try:
                status = await self._http.get(f"{url}/status", timeout=2.0, params=self._api_params)
                if status.status_code == 200 and status.json().get("model_id"):
                    return True
            except (httpx.HTTPError, ValueError):
                continue
        return False

    async def action_server_ready(self, url: str) -> bool:
        try:
            health = await self._http.get(f"{url}/health", timeout=2.0)
            return health.status_code == 200
        except httpx.HTTPError:
            return False


def urgent_first(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The emergency reply goes before anything else, such as the session notice."""
    return sorted(messages, key=lambda m: m.get("response") != URGENT_RESPONSE)
