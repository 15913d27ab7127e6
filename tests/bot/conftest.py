"""Gateway tests run against a fake Rasa: an httpx transport that answers like
the gateway channel does, and records what the gateway sent it."""
from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.main import create_app
from bot.rasa_client import RasaClient
from bot.settings import Settings
from bot.staff_token import issue


class FakeRasa:
    def __init__(self):
        self.received: list[dict] = []
        self.replies: list[dict] = [{"text": "Prevent is part of safeguarding.", "response": "utter_faq/what_is_prevent"}]
        self.down = False
        self.full: dict | None = None  # the body of Rasa's 429 for a conversation at its length limit
        self.events: list[tuple[str, list]] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_id": "abc"})
        if request.url.path == "/health":
            return httpx.Response(200, json={"status": "ok"})
        if request.url.path.startswith("/conversations/"):
            self.events.append((request.url.path.split("/")[2], json.loads(request.content)))
            return httpx.Response(200, json={})
        self.received.append(json.loads(request.content))
        if self.full is not None:
            return httpx.Response(429, json=self.full)
        return httpx.Response(200, json=self.replies)


@pytest.fixture(scope="session")
def redactor():
    from bot.privacy.redaction import Redactor

    return Redactor()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        environment="test", staff_token_secret="t" * 40, rasa_urls="http://rasa-a:5005",
        retention_job_enabled=False, tracker_url=f"sqlite:///{tmp_path / 'tracker.db'}",
    )


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(settings, fake_rasa, redactor):
    rasa = RasaClient(settings.rasa_urls, 5, transport=httpx.MockTransport(fake_rasa.handler))
    app = create_app(settings, rasa=rasa, redactor=redactor)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def staff_headers(settings) -> dict:
    return {"Authorization": f"Bearer {issue('A Teacher', settings)}"}
