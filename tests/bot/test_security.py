"""Body size limits, rate limits and security headers."""
from fastapi.testclient import TestClient

from bot.main import create_app
from bot.security import TokenBuckets


def test_a_huge_body_is_refused_with_413_in_plain_words(client, fake_rasa):
    reply = client.post("/api/chat/parent", content=b'{"session_id":"a","message":"' + b"x" * 50_000 + b'"}', headers={"content-type": "application/json"})
    assert reply.status_code == 413
    assert "too large" in reply.json()["detail"]
    assert fake_rasa.received == []


def test_too_many_messages_in_one_session_get_429_with_retry_after(settings, fake_rasa, redactor):
    import httpx

    from bot.rasa_client import RasaClient

    tight = settings.model_copy(update={"rate_limit_per_session_per_minute": 3})
    app = create_app(tight, rasa=RasaClient(tight.rasa_urls, 5, transport=httpx.MockTransport(fake_rasa.handler)), redactor=redactor)
    with TestClient(app) as c:
        codes = [c.post("/api/chat/parent", json={"session_id": "busy", "message": "hi"}).status_code for _ in range(4)]
        other = c.post("/api/chat/parent", json={"session_id": "calm", "message": "hi"})
        last = c.post("/api/chat/parent", json={"session_id": "busy", "message": "hi"})
    assert codes == [200, 200, 200, 429]
    assert other.status_code == 200
    assert int(last.headers["retry-after"]) >= 1
    assert "wait" in last.json()["detail"] and "999" in last.json()["detail"]


def test_token_buckets_refill_over_time():
    buckets = TokenBuckets(per_minute=60)
    for _ in range(60):
        assert buckets.take("k", now=0.0) == 0
    assert buckets.take("k", now=0.0) > 0
    assert buckets.take("k", now=2.0) == 0


def test_security_headers_forbid_inline_script_and_limit_framing(client):
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in headers  # only in production


def test_production_adds_hsts(settings, fake_rasa, redactor):
    import httpx

    from bot.rasa_client import RasaClient

    prod = settings.model_copy(update={"environment": "production"})
    app = create_app(prod, rasa=RasaClient(prod.rasa_urls, 5, transport=httpx.MockTransport(fake_rasa.handler)), redactor=redactor)
    with TestClient(app) as c:
        assert "max-age" in c.get("/healthz").headers["strict-transport-security"]


def test_cors_allows_only_configured_host_sites(settings, fake_rasa, redactor):
    import httpx

    from bot.rasa_client import RasaClient

    hosted = settings.model_copy(update={"widget_host_origins": ["https://school.example"]})
    app = create_app(hosted, rasa=RasaClient(hosted.rasa_urls, 5, transport=httpx.MockTransport(fake_rasa.handler)), redactor=redactor)
    with TestClient(app) as c:
        ok = c.options("/api/chat/parent", headers={"origin": "https://school.example", "access-control-request-method": "POST"})
        bad = c.options("/api/chat/parent", headers={"origin": "https://evil.example", "access-control-request-method": "POST"})
    assert ok.headers.get("access-control-allow-origin") == "https://school.example"
    assert "access-control-allow-origin" not in bad.headers
