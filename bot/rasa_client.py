"""Talking to Rasa over HTTP. The gateway never imports rasa.

Requests are spread over the configured Rasa servers in turn. A server that
refuses the connection is skipped at once and the next one is tried, so a dead
replica costs milliseconds. A timeout while Rasa is already processing is not
retried, so that a message is never handled twice.

Each Rasa server gets at most `max_in_flight` messages at a time; the rest wait
here, first come first served. Rasa handles one message's steps (parse,
actions, tracker save) interleaved with every other message it holds, so under
a burst a message it took early could wait behind all the later ones at each
step: with 50 users sending at once some took 28 s or more. Queueing here keeps
that wait fair and bounded. A message that finds no free place within the
timeout gets the "busy" reply (503, with the emergency line) and is not sent.
A message that suggests someone is in danger now (`priority`, see
`bot/priority.py`) does not wait for a place.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Any

import httpx

logger = logging.getLogger(__name__)

URGENT_RESPONSE = "utter_urgent"


class RasaUnavailable(Exception):
    """No Rasa server could take the message."""


class RasaClient:
    def __init__(
        self,
        urls: list[str],
        timeout_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
        max_in_flight: int = 4,
    ):
        self.urls = urls
        self.timeout_seconds = timeout_seconds
        self._slots = {url: asyncio.Semaphore(max_in_flight) for url in urls}
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

    async def send(self, sender_id: str, text: str, audience: str, priority: bool = False) -> list[dict[str, Any]]:
        body = {"sender": sender_id, "message": text, "metadata": {"audience": audience}}
        for url in self._order():
            slot = None if priority else self._slots[url]
            if slot is not None:
                try:
                    async with asyncio.timeout(self.timeout_seconds):
                        await slot.acquire()
                except TimeoutError:
                    logger.error("rasa server busy: no free place within %ss: %s", self.timeout_seconds, url)
                    raise RasaUnavailable from None
            try:
                reply = await self._http.post(f"{url}/webhooks/gateway/webhook", json=body)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
                logger.warning("rasa server unreachable: %s", url)
                continue
            except httpx.HTTPError as error:
                logger.error("rasa server failed: %s (%s)", url, type(error).__name__)
                raise RasaUnavailable from error
            finally:
                if slot is not None:
                    slot.release()
            if reply.status_code != 200:
                logger.error("rasa server answered %s: %s", reply.status_code, url)
                raise RasaUnavailable
            return urgent_first(reply.json())
        raise RasaUnavailable

    async def add_event(self, sender_id: str, event: dict[str, Any]) -> None:
        """Append one event (such as feedback) to a conversation's tracker."""
        for url in self._order():
            try:
                reply = await self._http.post(f"{url}/conversations/{sender_id}/tracker/events", json=[event])
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
                status = await self._http.get(f"{url}/status", timeout=2.0)
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
