"""GET /healthz and /readyz."""


def test_healthz_is_200_while_the_process_is_alive(client, fake_rasa):
    fake_rasa.down = True
    assert client.get("/healthz").status_code == 200


def test_readyz_is_200_when_rasa_and_actions_answer(client):
    reply = client.get("/readyz")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ready", "rasa": True, "actions": True}


def test_readyz_is_503_when_rasa_is_down(client, fake_rasa):
    fake_rasa.down = True
    reply = client.get("/readyz")
    assert reply.status_code == 503
    assert reply.json()["rasa"] is False
