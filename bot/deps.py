"""Dependencies shared by the routers: settings, the Rasa client, staff auth."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.rasa_client import RasaClient
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


def require_staff(
    request: Request,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> dict:
    """The verified staff token's claims (Bearer header, or the intranet sign-in
    cookie); 401 without a valid one."""
    if credentials is None and request.cookies.get(STAFF_COOKIE):
        credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=request.cookies[STAFF_COOKIE])
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Staff sign-in is needed: send a staff token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        return verify(credentials.credentials, settings)
    except InvalidStaffToken:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Your staff sign-in is not valid or has expired. Please sign in again.",
            headers={"WWW-Authenticate": "Bearer"},
        ) from None


StaffDep = Annotated[dict, Depends(require_staff)]
