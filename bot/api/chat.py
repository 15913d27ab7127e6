"""The chat API: POST /api/chat/parent (anonymous) and /api/chat/staff (signed in).

The audience comes only from the route and the verified token, never the body.
"""
from __future__ import annotations

import hashlib

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from bot.contacts import say
from bot.deps import RasaDep, StaffDep, require_staff
from bot.priority import goes_first, urgent_before_redaction
from bot.schemas import ChatMessage, ChatRequest, ChatResponse, ErrorResponse

ERRORS = {
    400: {"model": ErrorResponse, "description": "Bad input"},
    422: {"model": ErrorResponse, "description": "Bad input"},
    429: {"model": ErrorResponse, "description": "Too many requests, or the conversation is too long (start again)"},
    503: {"model": ErrorResponse, "description": "The assistant is unavailable (the detail still gives 999)"},
}

parent_router = APIRouter(prefix="/api/chat", tags=["chat"], responses=ERRORS)
staff_router = APIRouter(
    prefix="/api/chat",
    tags=["chat"],
    dependencies=[Depends(require_staff)],
    responses={**ERRORS, 401: {"model": ErrorResponse, "description": "Staff sign-in needed"}},
)


def parent_sender(session_id: str) -> str:
    return f"parent-{session_id}"


def staff_sender(subject: str, session_id: str) -> str:
    """Staff conversations are keyed by who signed in, so ids cannot be borrowed."""
    who = hashlib.sha256(subject.encode("utf-8")).hexdigest()[:12]
    return f"staff-{who}-{session_id}"


async def _converse(request: Request, rasa, sender_id: str, body: ChatRequest, audience: str) -> ChatResponse:
    # Personal data is removed here, before the text reaches Rasa, a database or a log.
    redaction = await run_in_threadpool(request.app.state.redactor.redact, body.message)
    # The emergency check is asked of the text as typed too: redaction must never cost a 999.
    urgent = urgent_before_redaction(body.message)
    replies = await rasa.send(sender_id, redaction.text, audience,
                              priority=urgent is not None or goes_first(redaction.text), urgent_pattern=urgent)
    messages = [
        ChatMessage(text=r.get("text", ""), buttons=r.get("buttons") or [], lang=r.get("lang"), dir=r.get("dir"))
        for r in replies
        if r.get("text")
    ]
    # Only when something was removed from this message, and once a session.
    if redaction.changed and request.app.state.told_about_redaction.first_time(sender_id):
        settings = request.app.state.settings
        messages.append(ChatMessage(text=say(settings.texts_file, settings.contacts_file, "redaction_notice")))
    return ChatResponse(session_id=body.session_id, messages=messages)


@parent_router.post("/parent", response_model=ChatResponse, response_model_exclude_none=True, summary="Chat as a parent or carer")
async def chat_parent(request: Request, body: ChatRequest, rasa: RasaDep) -> ChatResponse:
    return await _converse(request, rasa, parent_sender(body.session_id), body, "parent")


@staff_router.post("/staff", response_model=ChatResponse, response_model_exclude_none=True, summary="Chat as signed-in school staff")
async def chat_staff(request: Request, body: ChatRequest, rasa: RasaDep, staff: StaffDep) -> ChatResponse:
    return await _converse(request, rasa, staff_sender(staff["sub"], body.session_id), body, "staff")
