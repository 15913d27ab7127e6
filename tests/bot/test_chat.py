"""The chat API contract: POST /api/chat/parent and /api/chat/staff."""
import httpx
import pytest
from fastapi.testclient import TestClient

from bot.rasa_client import RasaClient


def chat(client, message="what is prevent", session_id="t1", route="parent", **kwargs):
    return client.post(f"/api/chat/{route}", json={"session_id": session_id, "message": message}, **kwargs)


def test_parent_chat_returns_the_assistants_messages(client):
    reply = chat(client)
    assert reply.status_code == 200
    assert reply.json() == {
        "session_id": "t1",
        "messages": [{"text": "Prevent is part of safeguarding.", "buttons": []}],
    }


def test_parent_chat_tells_rasa_the_audience_is_parent(client, fake_rasa):
    chat(client)
    assert fake_rasa.received[-1]["metadata"] == {"audience": "parent"}
    assert fake_rasa.received[-1]["sender"] == "parent-t1"


def test_audience_in_the_body_is_ignored(client, fake_rasa):
    client.post("/api/chat/parent", json={"session_id": "t1", "message": "hi", "audience": "staff", "metadata": {"audience": "staff"}})
    assert fake_rasa.received[-1]["metadata"] == {"audience": "parent"}


def test_staff_chat_without_a_token_is_401(client, fake_rasa):
    reply = chat(client, route="staff")
    assert reply.status_code == 401
    assert "sign" in reply.json()["detail"].lower()
    assert fake_rasa.received == []


def test_staff_chat_with_a_forged_token_is_401(client, staff_headers):
    forged = staff_headers["Authorization"][:-4] + "AAAA"
    reply = chat(client, route="staff", headers={"Authorization": forged})
    assert reply.status_code == 401


def test_staff_chat_with_a_token_tells_rasa_the_audience_is_staff(client, fake_rasa, staff_headers):
    reply = chat(client, route="staff", headers=staff_headers)
    assert reply.status_code == 200
    assert fake_rasa.received[-1]["metadata"] == {"audience": "staff"}
    assert fake_rasa.received[-1]["sender"].startswith("staff-")
    assert fake_rasa.received[-1]["sender"].endswith("-t1")


def test_staff_and_parent_conversations_never_share_a_sender(client, fake_rasa, staff_headers):
    chat(client, session_id="same")
    chat(client, session_id="same", route="staff", headers=staff_headers)
    assert fake_rasa.received[0]["sender"] != fake_rasa.received[1]["sender"]


def test_buttons_are_passed_through(client, fake_rasa):
    fake_rasa.replies = [{"text": "Is anyone at risk?", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]
    assert chat(client).json()["messages"][0]["buttons"] == [{"title": "Yes", "payload": "/affirm"}]


def test_the_emergency_reply_comes_before_the_session_notice(client, fake_rasa):
    fake_rasa.replies = [
        {"text": "Hello, I'm an automated assistant.", "response": "utter_session_notice"},
        {"text": "If someone is in immediate danger, call 999 now.", "response": "utter_urgent"},
    ]
    texts = [m["text"] for m in chat(client, "bomb in school").json()["messages"]]
    assert texts[0].startswith("If someone is in immediate danger")


@pytest.mark.parametrize(
    "body, status, words",
    [
        ({"session_id": "t1", "message": ""}, 422, "message"),
        ({"session_id": "t1", "message": "   \n\t "}, 422, "blank"),
        ({"session_id": "t1", "message": "x" * 1001}, 422, "1000"),
        ({"session_id": "bad id!", "message": "hi"}, 422, "session_id"),
        ({"session_id": "x" * 65, "message": "hi"}, 422, "session_id"),
        ({"session_id": "t1"}, 422, "message"),
        ({"message": "hi"}, 422, "session_id"),
        ({"session_id": "t1", "message": 42}, 422, "message"),
        ({"session_id": ["t1"], "message": "hi"}, 422, "session_id"),
        ([1, 2, 3], 400, "JSON"),
    ],
)
def test_bad_input_gets_a_plain_sentence(client, fake_rasa, body, status, words):
    reply = client.post("/api/chat/parent", json=body)
    assert reply.status_code == status
    assert words.lower() in reply.json()["detail"].lower()
    assert fake_rasa.received == []


def test_not_json_is_400(client):
    reply = client.post("/api/chat/parent", content=b"session_id=t1&message=hi", headers={"content-type": "application/json"})
    assert reply.status_code == 400
    assert "JSON" in reply.json()["detail"]


def test_not_utf8_is_400(client):
    reply = client.post("/api/chat/parent", content='{"session_id":"t1","message":"caf\xe9"}'.encode("latin-1"), headers={"content-type": "application/json"})
    assert reply.status_code == 400


def test_errors_never_echo_the_input(client):
    secret = "<script>alert('x')</script>" * 50
    reply = client.post("/api/chat/parent", json={"session_id": "t1", "message": secret})
    assert reply.status_code == 422
    assert "script" not in reply.text


@pytest.mark.parametrize(
    "message",
    [
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE events; --",
        "Qu'est-ce que Prevent ?",
        "پریوینٹ کیا ہے",
        "🙂🙂🙂 what is prevent 🤔",
        "x" * 1000,
    ],
)
def test_hostile_and_non_english_text_is_passed_on_unchanged(client, fake_rasa, message):
    assert chat(client, message).status_code == 200
    assert fake_rasa.received[-1]["message"] == message


def test_rasa_down_is_503_with_the_emergency_line(client, fake_rasa):
    fake_rasa.down = True
    reply = chat(client)
    assert reply.status_code == 503
    detail = reply.json()["detail"]
    assert "999" in detail
    assert "01582 54 60 00" in detail and "Early Help Hub" in detail


def test_the_503_reads_the_contacts_file_of_the_apps_own_settings(settings, fake_rasa, redactor, tmp_path):
    from bot.main import create_app

    contacts = tmp_path / "contacts.yml"
    contacts.write_text(
        "contacts:\n"
        "  emergency: {phone: '999'}\n"
        "  early_help_hub: {how: 'Ask the test hub on its test line.'}\n",
        encoding="utf-8",
    )
    own = settings.model_copy(update={"contacts_file": contacts})
    rasa = RasaClient(own.rasa_urls, 5, transport=httpx.MockTransport(fake_rasa.handler))
    fake_rasa.down = True
    with TestClient(create_app(own, rasa=rasa, redactor=redactor), raise_server_exceptions=False) as other:
        reply = chat(other)
    assert reply.status_code == 503
    assert "call 999" in reply.json()["detail"] and "ask the test hub on its test line." in reply.json()["detail"]


def test_a_conversation_at_its_length_limit_is_429_with_rasas_sentence(client, fake_rasa):
    sentence = 'This conversation is now too long for me to continue. Please choose "Start again". If someone is in immediate danger, call 999.'
    fake_rasa.full = {"detail": sentence, "response": "utter_conversation_full"}
    reply = chat(client)
    assert reply.status_code == 429
    assert reply.json() == {"detail": sentence}


@pytest.mark.parametrize("body", [{}, {"detail": 42}, {"detail": "no emergency line here"}, {"detail": "999 " + "x" * 600}])
def test_without_a_usable_sentence_from_rasa_the_429_still_says_start_again_and_999(client, fake_rasa, body):
    fake_rasa.full = body
    reply = chat(client)
    assert reply.status_code == 429
    assert "Start again" in reply.json()["detail"] and "999" in reply.json()["detail"]


def test_unknown_address_is_json_404(client):
    reply = client.get("/nothing-here")
    assert reply.status_code == 404
    assert reply.json() == {"detail": "There is nothing at this address."}


def test_feedback_is_added_to_the_parent_conversation(client, fake_rasa):
    reply = client.post("/api/feedback", json={"session_id": "f1", "turn": 2, "rating": "down"})
    assert reply.status_code == 200
    assert fake_rasa.events[-1] == ("parent-f1", [{"event": "slot", "name": "feedback", "value": {"turn": 2, "rating": "down"}}])


def test_feedback_with_a_staff_token_goes_on_the_staff_conversation(client, fake_rasa, staff_headers):
    client.post("/api/feedback", json={"session_id": "f1", "turn": 1, "rating": "up"}, headers=staff_headers)
    assert fake_rasa.events[-1][0].startswith("staff-")


@pytest.mark.parametrize("body", [{"session_id": "f1", "turn": 1, "rating": "meh"}, {"session_id": "f1", "turn": -1, "rating": "up"}, {"session_id": "f 1", "turn": 1, "rating": "up"}])
def test_bad_feedback_is_refused_in_plain_words(client, body):
    reply = client.post("/api/feedback", json=body)
    assert reply.status_code == 422
    assert isinstance(reply.json()["detail"], str)


def test_the_pages_and_the_widget_are_served(client):
    assert "<script src=\"/widget.js\"" in client.get("/").text
    assert client.get("/widget.js").headers["content-type"].startswith("text/javascript")
    assert "prevent-chat" in client.get("/staff").text


def test_the_intranet_sign_in_sets_a_short_httponly_staff_session(client, settings, fake_rasa):
    from bot.staff_token import issue

    reply = client.get("/staff/sign-in", params={"token": issue("A Teacher", settings)}, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/staff"
    cookie = reply.headers["set-cookie"]
    assert "staff_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=3600" in cookie
    assert client.get("/staff/session").json() == {"name": "A Teacher"}
    assert client.post("/api/chat/staff", json={"session_id": "c1", "message": "hi"}).status_code == 200
    assert fake_rasa.received[-1]["metadata"] == {"audience": "staff"}


@pytest.mark.parametrize("token", ["forged.token.value", ""])
def test_a_bad_intranet_token_sets_no_session(client, token):
    reply = client.get("/staff/sign-in", params={"token": token}, follow_redirects=False)
    assert "staff_session" not in reply.headers.get("set-cookie", "")
    assert client.get("/staff/session").status_code == 401


def test_an_algorithm_confusion_token_is_refused(client, settings):
    import jwt

    forged = jwt.encode({"sub": "x", "role": "staff", "iss": settings.staff_token_issuer, "aud": settings.staff_token_audience,
                         "iat": 0, "exp": 4102444800}, "t" * 40, algorithm="HS512")
    assert client.post("/api/chat/staff", json={"session_id": "c", "message": "hi"}, headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_feedback_from_a_teacher_signed_in_by_the_intranet_cookie_goes_on_the_staff_conversation(client, fake_rasa, settings):
    from bot.deps import STAFF_COOKIE
    from bot.staff_token import issue

    client.cookies.set(STAFF_COOKIE, issue("A Teacher", settings))
    try:
        client.post("/api/feedback", json={"session_id": "f2", "turn": 1, "rating": "up"})
    finally:
        client.cookies.clear()
    assert fake_rasa.events[-1][0].startswith("staff-")


def test_feedback_with_an_expired_cookie_is_refused_not_put_on_a_parent_conversation(client, fake_rasa):
    from bot.deps import STAFF_COOKIE

    client.cookies.set(STAFF_COOKIE, "not-a-valid-token")
    try:
        reply = client.post("/api/feedback", json={"session_id": "f3", "turn": 1, "rating": "up"})
    finally:
        client.cookies.clear()
    assert reply.status_code == 401


def _notices(reply) -> list[str]:
    return [m["text"] for m in reply.json()["messages"] if m["text"].startswith("Names and contact details are not kept")]


def test_the_redaction_notice_comes_only_when_something_was_removed(client, fake_rasa):
    plain = client.post("/api/chat/parent", json={"session_id": "rn1", "message": "what is prevent"})
    assert _notices(plain) == []
    assert fake_rasa.received[-1]["message"] == "what is prevent"
    named = client.post("/api/chat/parent", json={"session_id": "rn1", "message": "my son Adam Hussain is in year 9"})
    assert "<PERSON>" in fake_rasa.received[-1]["message"]
    assert len(_notices(named)) == 1
    again = client.post("/api/chat/parent", json={"session_id": "rn1", "message": "call me on 07700 900123"})
    assert _notices(again) == []  # once a session


def test_the_redaction_notice_is_the_sentence_in_data_texts_yml(client, settings):
    import yaml

    sentence = yaml.safe_load(settings.texts_file.read_text())["texts"]["redaction_notice"]
    reply = client.post("/api/chat/parent", json={"session_id": "rn2", "message": "email sarah.k@example.com"})
    assert _notices(reply) == [sentence]


def test_the_widget_gets_its_unavailable_text_and_numbers_from_the_server(client, settings):
    import yaml

    contacts = yaml.safe_load(settings.contacts_file.read_text())["contacts"]
    script = client.get("/widget.js").text
    assert "__UNAVAILABLE__" not in script
    assert contacts["emergency"]["phone"] in script and "01582 54 60 00" in contacts["early_help_hub"]["how"]
    assert contacts["early_help_hub"]["how"][1:] in script


def test_the_widget_and_staff_page_show_the_words_of_data_texts_yml(client, settings):
    import yaml

    words = yaml.safe_load(settings.texts_file.read_text())["widget"]
    widget, staff = client.get("/widget.js").text, client.get("/staff.js").text
    assert "__WIDGET_TEXTS__" not in widget + staff
    assert words["launcher"] in widget and words["input_hint"] in widget
    assert "Not for emergencies: call 999" in widget  # {emergency} from data/contacts.yml
    assert "under 1000 characters" in widget  # the gateway's own limit
    assert words["staff_signed_out"] in staff
    assert '<script src="/staff.js"' in client.get("/staff").text
