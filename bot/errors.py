"""Every error is JSON {"detail": "<a sentence a person understands>"}; never a stack trace."""
from __future__ import annotations

import html
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.contacts import conversation_full, say, unavailable_message
from bot.rasa_client import ConversationFull, RasaUnavailable

logger = logging.getLogger(__name__)

_FIELD_MESSAGES = {
    "session_id": "session_id must be 1 to 64 letters, digits, '-' or '_'.",
    "message": "message must be text of 1 to 1000 characters, and not blank.",
}


def _validation_detail(error: RequestValidationError) -> tuple[int, str]:
    """Turn pydantic's error list into one plain sentence. Never echoes the input."""
    problems = []
    for item in error.errors():
        kind = item.get("type", "")
        loc = [str(p) for p in item.get("loc", ())]
        if kind in ("json_invalid", "json_type") or loc == ["body"] and kind != "missing":
            return 400, "The request body must be a JSON object encoded as UTF-8."
        if kind == "missing" and loc == ["body"]:
            return 400, "The request body is empty; send JSON with session_id and message."
        field = loc[-1] if loc else ""
        problems.append(_FIELD_MESSAGES.get(field, f"{field or 'The request'} is not valid."))
    return 422, " ".join(dict.fromkeys(problems)) or "The request is not valid."


def _html_error(status: int, detail: str) -> HTMLResponse:
    """The review area is used in a browser: errors there are a page, not JSON."""
    link = '<p><a href="/review/login">Sign in</a></p>' if status == 401 else '<p><a href="/review">Back to the conversations</a></p>'
    body = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{status} – Prevent assistant review</title><link rel="stylesheet" href="/static/site.css"></head>'
        f'<body><div class="width-container"><main id="main"><h1>{html.escape(detail)}</h1>{link}</main></div></body></html>'
    )
    return HTMLResponse(body, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        status, detail = _validation_detail(error)
        return JSONResponse({"detail": detail}, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException):
        detail = error.detail if isinstance(error.detail, str) else "The request could not be handled."
        if error.status_code == 404 and detail == "Not Found":
            detail = "There is nothing at this address."
        elif error.status_code == 405:
            detail = "This address does not accept that method."
        if request.url.path.startswith("/review") and "text/html" in request.headers.get("accept", ""):
            return _html_error(error.status_code, detail)
        return JSONResponse({"detail": detail}, status_code=error.status_code, headers=getattr(error, "headers", None))

    @app.exception_handler(RasaUnavailable)
    async def _unavailable(request: Request, error: RasaUnavailable) -> JSONResponse:
        return JSONResponse({"detail": unavailable_message(request.app.state.settings)}, status_code=503)

    @app.exception_handler(ConversationFull)
    async def _full(request: Request, error: ConversationFull) -> JSONResponse:
        # Rasa's own sentence; if it is missing or odd, the same one from domain.yml.
        usable = error.detail and len(error.detail) <= 500 and "999" in error.detail
        detail = error.detail if usable else conversation_full(request.app.state.settings.domain_file)
        return JSONResponse({"detail": detail}, status_code=429)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        logger.error("unexpected error on %s: %s", request.url.path, type(error).__name__)
        settings = request.app.state.settings
        return JSONResponse(
            {"detail": say(settings.texts_file, settings.contacts_file, "unexpected_error") + " " + unavailable_message(settings)},
            status_code=500,
        )
