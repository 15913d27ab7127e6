"""Dependencies shared by the routers: settings, the Rasa client, staff and reviewer auth."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.rasa_client import RasaClient
from bot.review import accounts
from bot.review.db import session_for
from bot.settings import Settings
from bot.staff_token import InvalidStaffToken, verify


def app_settings(request: Request) -> Settings:
    """The one settings object the app was created with (bot.main.create_app).

    Read from the app, not put in as a dependency override: while any override
    is set, FastAPI rebuilds every route's dependency tree on every request."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(app_settings)]

_bearer = HTTPBearer(auto_error=False)


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


RasaDep = Annotated[RasaClient, Depends(get_rasa)]


STAFF_COOKIE = "staff_session"


def optional_staff(
    request: Request,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> dict | None:
    """The verified staff claims (Bearer header, or the intranet sign-in cookie),
    or None when neither is sent. A token or cookie that is sent but not valid is
    a 401: it is never quietly taken for a parent."""
    if credentials is None and request.cookies.get(STAFF_COOKIE):
        credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=request.cookies[STAFF_COOKIE])
    if credentials is None:
        return None
    try:
        return verify(credentials.credentials, settings)
    except InvalidStaffToken:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Your staff sign-in is not valid or has expired. Please sign in again.",
            headers={"WWW-Authenticate": "Bearer"},
        ) from None


OptionalStaffDep = Annotated[dict | None, Depends(optional_staff)]


def require_staff(staff: OptionalStaffDep) -> dict:
    """The verified staff token's claims; 401 without a valid one."""
    if staff is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Staff sign-in is needed: send a staff token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return staff


StaffDep = Annotated[dict, Depends(require_staff)]


REVIEW_COOKIE = "review_session"


def require_reviewer(request: Request, settings: SettingsDep) -> accounts.SignedIn:
    """The signed-in council reviewer (the review area's session cookie); 401
    without one, 403 for a staff token, which never opens the review area."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        raise HTTPException(403, "Staff sign-in does not give access to the review area.")
    with session_for(settings.tracker_url) as db:
        signed_in = accounts.session_for_token(db, request.cookies.get(REVIEW_COOKIE))
    if signed_in is None:
        raise HTTPException(401, "Please sign in to the review area at /review/login.")
    return signed_in


Reviewer = Annotated[accounts.SignedIn, Depends(require_reviewer)]
