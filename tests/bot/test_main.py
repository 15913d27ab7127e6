"""The app is built once from one settings object, and stays cheap per request."""
import httpx
from fastapi.testclient import TestClient

from bot.main import create_app
from bot.rasa_client import RasaClient
from bot.staff_token import issue


def test_routes_read_the_settings_the_app_was_created_with(settings, fake_rasa, redactor):
    # a token signed with this app's secret, not the default one, is accepted
    rasa = RasaClient(settings.rasa_urls, 5, transport=httpx.MockTransport(fake_rasa.handler))
    with TestClient(create_app(settings, rasa=rasa, redactor=redactor)) as client:
        reply = client.post(
            "/api/chat/staff", json={"session_id": "s1", "message": "hello"},
            headers={"Authorization": f"Bearer {issue('A Teacher', settings)}"},
        )
    assert reply.status_code == 200


def test_the_app_sets_no_dependency_overrides(settings, redactor):
    """While any override is set, FastAPI rebuilds every route's dependency tree
    (signatures and all) on every request: 2-3% of the gateway's CPU."""
    assert create_app(settings, redactor=redactor).dependency_overrides == {}


def test_httpcore_can_tell_the_async_library_without_a_failed_import(monkeypatch):
    """Without sniffio, httpcore retries `import sniffio` several times for every
    request to Rasa (~75 microseconds each: 4% of the gateway's CPU)."""
    import asyncio
    import builtins

    from httpcore._synchronization import current_async_library

    failed = []
    real_import = builtins.__import__

    def recording_import(name, *args, **kwargs):
        try:
            return real_import(name, *args, **kwargs)
        except ImportError:
            failed.append(name)
            raise

    async def in_the_loop() -> str:
        monkeypatch.setattr(builtins, "__import__", recording_import)
        try:
            return current_async_library()
        finally:
            monkeypatch.undo()

    assert asyncio.run(in_the_loop()) == "asyncio"
    assert failed == []
