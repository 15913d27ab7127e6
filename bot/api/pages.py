"""The widget script, the demo host page, the staff page and the privacy page."""
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/")
async def demo_page() -> FileResponse:
    return FileResponse(TEMPLATES / "index.html", media_type="text/html")


@router.get("/staff")
async def staff_page() -> FileResponse:
    return FileResponse(TEMPLATES / "staff.html", media_type="text/html")


@router.get("/privacy")
async def privacy_page() -> FileResponse:
    return FileResponse(TEMPLATES / "privacy.html", media_type="text/html")


@router.get("/widget.js")
async def widget_script() -> FileResponse:
    return FileResponse(STATIC / "widget.js", media_type="text/javascript")


@router.get("/widget.css")
async def widget_styles() -> FileResponse:
    return FileResponse(STATIC / "widget.css", media_type="text/css")
