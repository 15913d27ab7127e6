"""The council review area: who may enter, CSRF, reviewer actions, exports, audit."""
import csv
import io
import re

import pytest
import yaml
from sqlalchemy import select

from bot.review.accounts import add_reviewer
from bot.review.db import session_for
from bot.review.models import AuditEntry
from tests.bot.tracker_fixture import write_tracker

PASSWORD = "a long enough password"


@pytest.fixture
def review(client, settings):
    write_tracker(settings.tracker_url)
    with session_for(settings.tracker_url) as db:
        add_reviewer(db, "Rita Reviewer", PASSWORD)
    return client


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, password=PASSWORD):
    form = client.get("/review/login")
    return client.post("/review/login", data={"name": "Rita Reviewer", "password": password, "csrf_token": csrf_from(form.text)}, follow_redirects=False)


@pytest.fixture
def signed_in(review):
    assert sign_in(review).status_code == 303
    return review


ROUTES = [
    ("GET", "/review"), ("GET", "/review/dashboard"), ("GET", "/review/export.csv"), ("GET", "/review/export.json"),
    ("GET", "/review/export/nlu-inbox.yml"), ("GET", "/review/conversations/parent-known1"),
    ("POST", "/review/conversations/parent-known1/tags"), ("POST", "/review/logout"),
]


@pytest.mark.parametrize("method, path", ROUTES)
def test_anonymous_and_parent_visitors_get_401_on_every_review_route(review, method, path):
    review.post("/api/chat/parent", json={"session_id": "p1", "message": "hi"})  # a parent session changes nothing
    assert review.request(method, path).status_code == 401


@pytest.mark.parametrize("method, path", ROUTES)
def test_staff_tokens_get_403_on_every_review_route(review, staff_headers, method, path):
    assert review.request(method, path, headers=staff_headers).status_code == 403


@pytest.mark.parametrize("path", [p for m, p in ROUTES if m == "GET"])
def test_reviewers_get_200_on_every_review_page(signed_in, path):
    assert signed_in.get(path).status_code == 200


def test_reviewers_cannot_use_the_staff_chat(signed_in):
    assert signed_in.post("/api/chat/staff", json={"session_id": "r", "message": "hi"}).status_code == 401


def test_the_session_cookie_is_httponly_and_samesite_strict(review):
    cookie = sign_in(review).headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/review" in cookie


def test_a_wrong_password_is_refused_and_five_lock_the_account(review):
    for _ in range(5):
        assert sign_in(review, "wrong password!!").status_code == 401
    locked = sign_in(review)
    assert locked.status_code == 401 and "locked" in locked.text


def test_a_form_without_the_right_csrf_token_is_refused(signed_in):
    reply = signed_in.post("/review/conversations/parent-known1/tags", data={"tag": "x", "csrf_token": "forged"})
    assert reply.status_code == 403


def test_sign_in_itself_needs_the_csrf_cookie(review):
    reply = review.post("/review/login", data={"name": "Rita Reviewer", "password": PASSWORD, "csrf_token": "guess"})
    assert reply.status_code == 403


def test_tag_note_and_mark_reviewed(signed_in):
    page = signed_in.get("/review/conversations/parent-known1")
    token = csrf_from(page.text)
    signed_in.post("/review/conversations/parent-known1/tags", data={"tag": "Wrong answer", "csrf_token": token})
    signed_in.post("/review/conversations/parent-known1/notes", data={"note": "Should be channel_process", "csrf_token": token})
    signed_in.post("/review/conversations/parent-known1/reviewed", data={"reviewed": "yes", "csrf_token": token})
    page = signed_in.get("/review/conversations/parent-known1").text
    assert "wrong answer" in page and "Should be channel_process" in page and "Reviewed by Rita Reviewer" in page
    listed = signed_in.get("/review", params={"tag": "wrong answer", "reviewed": "yes"}).text
    assert "1 conversation," in listed


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"parent-known1", "parent-known2", "staff-abc-known3"}),
        ({"audience": "staff"}, {"staff-abc-known3"}),
        ({"urgent": "yes"}, {"parent-known2"}),
        ({"fallback": "yes"}, {"staff-abc-known3"}),
        ({"negative": "yes"}, {"parent-known1"}),
        ({"topic": "channel_voluntary"}, {"parent-known1"}),
        ({"max_confidence": "0.5"}, {"parent-known1", "staff-abc-known3"}),
        ({"q": "KNIFE"}, {"parent-known2"}),
    ],
)
def test_the_csv_export_holds_exactly_the_filtered_conversations(signed_in, params, expected):
    reply = signed_in.get("/review/export.csv", params=params)
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert {r["sender_id"] for r in rows} == expected


def test_the_json_export_holds_the_transcript_with_intents_and_feedback(signed_in):
    data = signed_in.get("/review/export.json", params={"audience": "parent", "negative": "yes"}).json()
    assert [c["sender_id"] for c in data] == ["parent-known1"]
    turns = data[0]["turns"]
    assert turns[0] == {**turns[0], "who": "user", "text": "what is prevent", "topic": "what_is_prevent"}
    assert any(t["who"] == "feedback" and "down" in t["text"] for t in turns)


def test_the_nlu_inbox_lists_doubtful_messages_under_their_predicted_intent(signed_in):
    inbox = yaml.safe_load(signed_in.get("/review/export/nlu-inbox.yml").text)
    by_intent = {block["intent"]: block["examples"] for block in inbox["nlu"]}
    assert "- is it voluntary" in by_intent["faq/channel_voluntary"]
    assert "- zxqv plonk" in by_intent["nlu_fallback"]
    assert "what is prevent" not in str(by_intent)


def test_every_view_and_export_is_audited(signed_in, settings):
    signed_in.get("/review/conversations/parent-known2")
    signed_in.get("/review/export.csv")
    with session_for(settings.tracker_url) as db:
        actions = [(a.reviewer, a.action, a.target) for a in db.scalars(select(AuditEntry))]
    assert ("Rita Reviewer", "view conversation", "parent-known2") in actions
    assert any(a[1] == "export csv" for a in actions)


def test_the_dashboard_shows_figures_with_tables(signed_in):
    page = signed_in.get("/review/dashboard").text
    assert "3 conversations" in page and "1 with an urgent reply" in page
    assert "<caption" in page and "what_is_prevent" in page
    assert "<canvas id=\"chart-per-day\"" in page and "chart-data" in page


def test_a_browser_without_a_session_gets_a_sign_in_page_not_json(review):
    reply = review.get("/review", headers={"accept": "text/html"})
    assert reply.status_code == 401
    assert 'href="/review/login"' in reply.text
