"""Liveness and readiness."""
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.deps import RasaDep, SettingsDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The gateway process is alive")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="Rasa has a model loaded and the action server is up")
async def readyz(rasa: RasaDep, settings: SettingsDep) -> JSONResponse:
    rasa_ok = await rasa.ready()
    actions_ok = await rasa.action_server_ready(settings.action_server_url)
    ready = rasa_ok and actions_ok
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "rasa": rasa_ok, "actions": actions_ok},
        status_code=200 if ready else 503,
    )
