"""The widget script, the demo host page, the staff page and the privacy page."""
import json
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse, Response

from bot.contacts import unavailable_message, widget_texts
from bot.schemas import MAX_MESSAGE_CHARS

from bot.deps import STAFF_COOKIE, SettingsDep, StaffDep
from bot.staff_token import InvalidStaffToken, issue, verify

STATIC = Path(__file__).resolve().parent.parent / "static"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
VENDOR = Path(__file__).resolve().parents[2] / "frontend" / "node_modules"

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/")
async def demo_page() -> FileResponse:
    return FileResponse(TEMPLATES / "index.html", media_type="text/html")


@router.get("/staff")
async def staff_page() -> FileResponse:
    return FileResponse(TEMPLATES / "staff.html", media_type="text/html")


@router.get("/staff/sign-in")
async def staff_sign_in(token: str, settings: SettingsDep) -> RedirectResponse:
    """Where the intranet sends a member of staff, with a token it signed.

    The token is checked (signature, expiry, issuer, audience); the gateway then
    sets its own short-lived session cookie for the staff page.
    """
    try:
        claims = verify(token, settings)
    except InvalidStaffToken:
        return RedirectResponse("/staff?signed_out=1", status_code=303)
    done = RedirectResponse("/staff", status_code=303)
    session = issue(claims["sub"], settings.model_copy(update={"staff_token_ttl_hours": 1}))
    done.set_cookie(STAFF_COOKIE, session, max_age=3600, httponly=True, samesite="strict",
                    secure=settings.environment == "production", path="/")
    return done


@router.get("/staff/session")
async def staff_session(staff: StaffDep) -> dict:
    """Whether this browser has a staff session (used by the staff page)."""
    return {"name": staff["sub"]}


@router.post("/staff/sign-out")
async def staff_sign_out() -> RedirectResponse:
    done = RedirectResponse("/staff", status_code=303)
    done.delete_cookie(STAFF_COOKIE, path="/")
    return done


@router.get("/privacy")
async def privacy_page() -> FileResponse:
    return FileResponse(TEMPLATES / "privacy.html", media_type="text/html")


def _script(name: str, settings, **placeholders: str) -> str:
    """A script from bot/static with its words (data/texts.yml `widget`) and any
    other `placeholders` put in as JSON, so no sentence or number is typed in JS."""
    script = (STATIC / name).read_text(encoding="utf-8")
    placeholders["__WIDGET_TEXTS__"] = widget_texts(settings.texts_file, settings.contacts_file, MAX_MESSAGE_CHARS)
    for placeholder, value in placeholders.items():
        script = script.replace(f'"{placeholder}"', json.dumps(value, ensure_ascii=False))
    return script


@router.get("/widget.js")
async def widget_script(settings: SettingsDep) -> Response:
    """The widget, with its words and the words it shows when the assistant cannot
    be reached (data/texts.yml, numbers from data/contacts.yml)."""
    text = _script("widget.js", settings, __UNAVAILABLE__=unavailable_message(settings))
    return Response(text, media_type="text/javascript")


@router.get("/staff.js")
async def staff_script(settings: SettingsDep) -> Response:
    """The staff page's sign-in script, with its words from data/texts.yml."""
    return Response(_script("staff.js", settings), media_type="text/javascript")


@router.get("/widget.css")
async def widget_styles() -> FileResponse:
    return FileResponse(STATIC / "widget.css", media_type="text/css")
