"""Abuse and hostile-input protection: body size, rate limits, security headers.

Rate limits are kept in memory per gateway worker (a token bucket per client IP
and per chat session). With N workers behind a load balancer the effective
limit is at most N times the setting, which is still a hard ceiling.
"""
from __future__ import annotations

import json
import math
import time
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.contacts import say
from bot.settings import Settings


def _json(status: int, detail: str, headers: dict[str, str] | None = None):
    body = json.dumps({"detail": detail}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    return {"type": "http.response.start", "status": status, "headers": raw}, {"type": "http.response.body", "body": body}


class BodySizeLimit:
    """Refuses request bodies over `limit` bytes with 413, before reading them all."""

    def __init__(self, app: ASGIApp, limit: int, settings: Settings):
        self.app, self.limit = app, limit
        self.too_big = say(settings.texts_file, settings.contacts_file, "too_large", kb=limit // 1000)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_big = self.too_big
        if declared and declared.isdigit() and int(declared) > self.limit:
            for message in _json(413, too_big):
                await send(message)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            for message in _json(413, too_big):
                await send(message)


class _TooLarge(Exception):
    pass


class TokenBuckets:
    """A token bucket per key: `per_minute` requests, refilled continuously."""

    def __init__(self, per_minute: int, max_keys: int = 100_000):
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self.max_keys = max_keys

    def take(self, key: str, now: float | None = None) -> float:
        """0 if allowed; otherwise the seconds to wait."""
        now = time.monotonic() if now is None else now
        tokens, last = self.buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        if tokens >= 1:
            self.buckets[key] = (tokens - 1, now)
            self.buckets.move_to_end(key)
            if len(self.buckets) > self.max_keys:
                self.buckets.popitem(last=False)
            return 0.0
        self.buckets[key] = (tokens, now)
        return (1 - tokens) / self.rate


class RateLimit:
    """429 with Retry-After for too many chat or feedback requests per IP or per session."""

    def __init__(self, app: ASGIApp, per_ip: int, per_session: int, settings: Settings):
        self.app = app
        self.settings = settings
        self.ip = TokenBuckets(per_ip)
        self.session = TokenBuckets(per_session)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.ip.take(client)
        if wait:
            return await self._refuse(send, wait)
        # The session id is in the JSON body: read it once, then replay the body.
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            session = json.loads(body).get("session_id")
        except (ValueError, AttributeError, UnicodeDecodeError):
            session = None
        if isinstance(session, str):
            wait = self.session.take(f"{scope['path']}:{session}")
            if wait:
                return await self._refuse(send, wait)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, wait: float) -> None:
        seconds = max(1, math.ceil(wait))
        detail = say(self.settings.texts_file, self.settings.contacts_file, "rate_limited", seconds=seconds)
        for message in _json(429, detail, {"retry-after": str(seconds)}):
            await send(message)


class SecurityHeaders:
    """CSP without unsafe-inline, framing limited to the widget's host sites, HSTS in production."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        ancestors = " ".join(["'self'"] + settings.widget_host_origins)
        csp = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            f"form-action 'self'; frame-ancestors {ancestors}"
        )
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if settings.environment == "production":
            self.headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers
            await send(message)

        await self.app(scope, receive, with_headers)
