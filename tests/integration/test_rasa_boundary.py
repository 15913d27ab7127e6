"""Rasa, for real, takes messages and API calls only from the gateway: the
webhook needs the gateway's secret, the HTTP API its token (`--auth-token`)."""
import httpx
import pytest


def _message(stack, headers: dict, audience: str = "staff") -> httpx.Response:
    return httpx.post(
        f"{stack.rasa_url}/webhooks/gateway/webhook",
        json={"sender": "parent-boundary", "message": "what is prevent", "metadata": {"audience": audience}},
        headers=headers, timeout=30,
    )


@pytest.mark.parametrize("headers", [{}, {"X-Gateway-Secret": "not-the-secret"}, {"X-Gateway-Secret": ""}],
                         ids=["without", "wrong", "empty"])
def test_a_message_without_the_gateways_secret_is_refused(stack, headers):
    reply = _message(stack, headers)
    assert reply.status_code == 401
    assert "prevent" not in reply.text.lower()


def test_a_message_with_the_gateways_secret_is_answered(stack):
    reply = _message(stack, stack.webhook_headers, audience="parent")
    assert reply.status_code == 200
    assert any("Prevent" in m.get("text", "") for m in reply.json())


@pytest.mark.parametrize("path", ["/status", "/conversations/parent-boundary/tracker"])
def test_rasas_api_without_the_token_is_refused(stack, path):
    assert httpx.get(f"{stack.rasa_url}{path}", timeout=10).status_code == 401
    assert httpx.get(f"{stack.rasa_url}{path}", params={"token": "wrong"}, timeout=10).status_code == 401


def test_rasas_api_with_the_token_answers(stack):
    assert httpx.get(f"{stack.rasa_url}/status", params=stack.rasa_params, timeout=10).json()["model_id"]


def test_model_parse_without_the_token_is_refused(stack):
    assert httpx.post(f"{stack.rasa_url}/model/parse", json={"text": "hi"}, timeout=10).status_code == 401


def test_the_gateway_still_reaches_rasa_with_both(stack):
    reply = httpx.post(f"{stack.base}/api/chat/parent", json={"session_id": "boundary1", "message": "what is prevent"}, timeout=30)
    assert reply.status_code == 200
    feedback = httpx.post(f"{stack.base}/api/feedback", json={"session_id": "boundary1", "turn": 1, "rating": "up"}, timeout=30)
    assert feedback.status_code == 200  # Rasa's tracker API, with the token
    assert httpx.get(f"{stack.base}/readyz", timeout=10).status_code == 200  # /status, with the token
