"""The council review area at /review: sign-in, conversation list, transcript,
tags, notes, review state, exports (built in bot/review/exports.py) and a
dashboard. Server-rendered (Jinja2).

Auth sits on the router: every page but the sign-in form needs a reviewer
session (401 without one; 403 for a staff token; bot/deps.py). The routes are
plain functions: their SQL is synchronous, so FastAPI runs them in its thread
pool and a reviewer's export never holds up the chats on the event loop. Every form carries a CSRF
token; every view and export is written to the audit log.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.deps import REVIEW_COOKIE as COOKIE
from bot.deps import Reviewer, SettingsDep, require_reviewer
from bot.review import accounts, exports
from bot.review.conversations import Filters, list_conversations, refresh_summaries, transcript
from bot.review.db import engine_for, session_for
from bot.review.models import ConversationNote, ConversationReview, ConversationTag
from bot.settings import Settings

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
LOGIN_CSRF = "review_login_csrf"


def _secure(settings: Settings) -> bool:
    return settings.environment == "production"



public = APIRouter(prefix="/review", tags=["review"], include_in_schema=False)
router = APIRouter(prefix="/review", tags=["review"], include_in_schema=False, dependencies=[Depends(require_reviewer)])


def _check_csrf(reviewer: accounts.SignedIn, token: str) -> None:
    if not secrets.compare_digest(reviewer.csrf_token, token or ""):
        raise HTTPException(403, "This form has expired. Please go back, reload the page and try again.")


def _audit(settings: Settings, reviewer: str, action: str, target: str) -> None:
    with session_for(settings.tracker_url) as db:
        accounts.audit(db, reviewer, action, target)
        db.commit()


# --- sign-in


@public.get("/login", response_class=HTMLResponse)
def login_form(request: Request, settings: SettingsDep) -> Response:
    token = secrets.token_urlsafe(32)
    page = TEMPLATES.TemplateResponse(request, "review/login.html", {"csrf": token, "error": None})
    page.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=_secure(settings), path="/review")
    return page


@public.post("/login")
def login(
    request: Request, settings: SettingsDep,
    name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if not secrets.compare_digest(request.cookies.get(LOGIN_CSRF, ""), csrf_token) or not csrf_token:
        raise HTTPException(403, "This form has expired. Please reload the sign-in page and try again.")
    try:
        with session_for(settings.tracker_url) as db:
            token, _ = accounts.sign_in(db, name, password)
    except accounts.SignInRefused as refused:
        page = TEMPLATES.TemplateResponse(request, "review/login.html", {"csrf": csrf_token, "error": str(refused)}, status_code=401)
        return page
    done = RedirectResponse("/review", status_code=303)
    done.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=_secure(settings), path="/review", max_age=8 * 3600)
    done.delete_cookie(LOGIN_CSRF, path="/review")
    return done


@router.post("/logout")
def logout(request: Request, settings: SettingsDep, reviewer: Reviewer, csrf_token: Annotated[str, Form()] = "") -> Response:
    _check_csrf(reviewer, csrf_token)
    with session_for(settings.tracker_url) as db:
        accounts.sign_out(db, request.cookies.get(COOKIE))
        accounts.audit(db, reviewer.name, "sign-out", "")
        db.commit()
    done = RedirectResponse("/review/login", status_code=303)
    done.delete_cookie(COOKIE, path="/review")
    return done


# --- the list, filters and exports


def _bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get((value or "").lower())


def _date(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc) if value else None
    except ValueError:
        raise HTTPException(422, "Dates must look like 2026-11-29.") from None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        raise HTTPException(422, "Confidence must be a number between 0 and 1.") from None


def filters_from(request: Request) -> Filters:
    q = request.query_params
    try:
        page = max(1, int(q.get("page") or 1))
    except ValueError:
        page = 1
    return Filters(
        date_from=_date(q.get("from")), date_to=_date(q.get("to")), audience=q.get("audience") or None,
        topic=q.get("topic") or None, min_confidence=_number(q.get("min_confidence")), max_confidence=_number(q.get("max_confidence")),
        fallback=_bool(q.get("fallback")), urgent=_bool(q.get("urgent")), negative_feedback=_bool(q.get("negative")),
        reviewed=_bool(q.get("reviewed")), tag=q.get("tag") or None, search=(q.get("q") or "").strip() or None,
        sort=q.get("sort") or "newest", page=page,
    )


def _conversations(settings: Settings, filters: Filters):
    engine = engine_for(settings.tracker_url)
    refresh_summaries(engine)
    return list_conversations(engine, filters)


@router.get("", response_class=HTMLResponse)
def conversation_list(request: Request, settings: SettingsDep, reviewer: Reviewer) -> Response:
    filters = filters_from(request)
    rows, total = _conversations(settings, filters)
    _audit(settings, reviewer.name, "view list", str(request.url.query)[:500])
    pages = max(1, -(-total // filters.per_page))
    return TEMPLATES.TemplateResponse(request, "review/list.html", {
        "reviewer": reviewer, "rows": rows, "total": total, "filters": filters, "pages": pages,
        "query": request.query_params, "fmt": exports.when,
    })


def _all_rows(settings: Settings, filters: Filters) -> list[dict]:
    filters.per_page, filters.page = 100_000, 1
    rows, _ = _conversations(settings, filters)
    return rows


@router.get("/export.csv")
def export_csv(request: Request, settings: SettingsDep, reviewer: Reviewer) -> Response:
    rows = _all_rows(settings, filters_from(request))
    body = exports.conversations_csv(rows)
    _audit(settings, reviewer.name, "export csv", f"{len(rows)} conversations; {request.url.query}"[:500])
    return Response(body, media_type="text/csv", headers={"content-disposition": "attachment; filename=conversations.csv"})


@router.get("/export.json")
def export_json(request: Request, settings: SettingsDep, reviewer: Reviewer) -> Response:
    rows = _all_rows(settings, filters_from(request))
    body = exports.conversations_json(engine_for(settings.tracker_url), rows)
    _audit(settings, reviewer.name, "export json", f"{len(rows)} conversations; {request.url.query}"[:500])
    return Response(body, media_type="application/json", headers={"content-disposition": "attachment; filename=conversations.json"})


@router.get("/export/nlu-inbox.yml")
def export_nlu_inbox(request: Request, settings: SettingsDep, reviewer: Reviewer) -> Response:
    """User messages with low confidence or a fallback, as candidate Rasa training data."""
    filters = filters_from(request)
    threshold = filters.max_confidence if filters.max_confidence is not None else 0.5
    body, messages = exports.nlu_inbox(engine_for(settings.tracker_url), _all_rows(settings, filters), threshold)
    _audit(settings, reviewer.name, "export nlu inbox", f"{messages} messages")
    return Response(body, media_type="application/x-yaml", headers={"content-disposition": "attachment; filename=nlu-inbox.yml"})


# --- one conversation


@router.get("/conversations/{sender_id}", response_class=HTMLResponse)
def conversation(request: Request, sender_id: str, settings: SettingsDep, reviewer: Reviewer) -> Response:
    engine = engine_for(settings.tracker_url)
    turns = transcript(engine, sender_id)
    if not turns:
        raise HTTPException(404, "There is no conversation with that id (it may have been deleted after 90 days).")
    with session_for(settings.tracker_url) as db:
        tags = db.scalars(select(ConversationTag.tag).where(ConversationTag.sender_id == sender_id)).all()
        notes = db.scalars(select(ConversationNote).where(ConversationNote.sender_id == sender_id).order_by(ConversationNote.id)).all()
        state = db.get(ConversationReview, sender_id)
        accounts.audit(db, reviewer.name, "view conversation", sender_id)
        db.commit()
    return TEMPLATES.TemplateResponse(request, "review/conversation.html", {
        "reviewer": reviewer, "sender_id": sender_id, "turns": turns, "tags": tags, "notes": notes, "state": state,
    })


@router.post("/conversations/{sender_id}/tags")
def add_tag(sender_id: str, settings: SettingsDep, reviewer: Reviewer, tag: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "") -> Response:
    _check_csrf(reviewer, csrf_token)
    tag = tag.strip().lower()[:60]
    if not tag:
        raise HTTPException(422, "Type a tag first.")
    with session_for(settings.tracker_url) as db:
        try:
            db.add(ConversationTag(sender_id=sender_id, tag=tag))
            accounts.audit(db, reviewer.name, "tag", f"{sender_id}: {tag}")
            db.commit()
        except IntegrityError:
            db.rollback()
    return RedirectResponse(f"/review/conversations/{sender_id}", status_code=303)


@router.post("/conversations/{sender_id}/notes")
def add_note(sender_id: str, settings: SettingsDep, reviewer: Reviewer, note: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "") -> Response:
    _check_csrf(reviewer, csrf_token)
    if not note.strip():
        raise HTTPException(422, "Type a note first.")
    with session_for(settings.tracker_url) as db:
        db.add(ConversationNote(sender_id=sender_id, reviewer=reviewer.name, text=note.strip()[:4000], created_at=accounts.now()))
        accounts.audit(db, reviewer.name, "note", sender_id)
        db.commit()
    return RedirectResponse(f"/review/conversations/{sender_id}", status_code=303)


@router.post("/conversations/{sender_id}/reviewed")
def mark_reviewed(sender_id: str, settings: SettingsDep, reviewer: Reviewer, reviewed: Annotated[str, Form()] = "yes", csrf_token: Annotated[str, Form()] = "") -> Response:
    _check_csrf(reviewer, csrf_token)
    with session_for(settings.tracker_url) as db:
        db.execute(delete(ConversationReview).where(ConversationReview.sender_id == sender_id))
        if reviewed == "yes":
            db.add(ConversationReview(sender_id=sender_id, reviewed_by=reviewer.name, reviewed_at=accounts.now()))
        accounts.audit(db, reviewer.name, "mark reviewed" if reviewed == "yes" else "mark not reviewed", sender_id)
        db.commit()
    return RedirectResponse(f"/review/conversations/{sender_id}", status_code=303)


# --- dashboard


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, settings: SettingsDep, reviewer: Reviewer) -> Response:
    from bot.review.dashboard import figures

    engine = engine_for(settings.tracker_url)
    refresh_summaries(engine)
    data = figures(engine)
    _audit(settings, reviewer.name, "view dashboard", "")
    return TEMPLATES.TemplateResponse(request, "review/dashboard.html", {"reviewer": reviewer, "data": data})
