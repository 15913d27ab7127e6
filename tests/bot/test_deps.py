"""bot/deps.py is the one place that says who is asking: staff (Bearer token or
the intranet sign-in cookie), a council reviewer, or a parent."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

from bot.deps import STAFF_COOKIE
from bot.staff_token import issue

BOT = Path(__file__).resolve().parents[2] / "bot"


def test_feedback_after_a_chat_by_cookie_goes_on_that_very_conversation(client, fake_rasa, settings):
    client.cookies.set(STAFF_COOKIE, issue("A Teacher", settings))
    try:
        assert client.post("/api/chat/staff", json={"session_id": "c1", "message": "hello"}).status_code == 200
        assert client.post("/api/feedback", json={"session_id": "c1", "turn": 1, "rating": "down"}).status_code == 200
    finally:
        client.cookies.clear()
    chat_sender = fake_rasa.received[-1]["sender"]
    assert chat_sender.startswith("staff-")
    assert fake_rasa.events[-1][0] == chat_sender


def test_feedback_without_a_sign_in_goes_on_the_parent_conversation(client, fake_rasa):
    assert client.post("/api/feedback", json={"session_id": "p1", "turn": 1, "rating": "up"}).status_code == 200
    assert fake_rasa.events[-1][0] == "parent-p1"


def _calls(path: Path, name: str) -> list[str]:
    """The functions in `path` that call `name(...)` (or `x.name(...)`)."""
    found = []
    for func in ast.walk(ast.parse(path.read_text())):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == name:
                    found.append(f"{path.relative_to(BOT.parent)}:{func.name}")
    return found


def test_staff_tokens_are_checked_only_in_deps_and_at_the_intranet_sign_in():
    uses_staff_tokens = [p for p in BOT.rglob("*.py") if "from bot.staff_token import" in p.read_text() and "verify" in p.read_text()]
    callers = sorted({c for path in uses_staff_tokens for c in _calls(path, "verify")} | {c for path in BOT.rglob("*.py") for c in _calls(path, "HTTPBearer")})
    assert callers == ["bot/api/pages.py:staff_sign_in", "bot/deps.py:optional_staff"], callers


def test_no_review_route_runs_its_sql_on_the_event_loop():
    from bot.api import review

    review_routes = review.public.routes + review.router.routes
    assert len(review_routes) >= 10
    on_the_loop = [r.path for r in review_routes if inspect.iscoroutinefunction(r.endpoint)]
    assert on_the_loop == []
