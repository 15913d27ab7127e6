"""The FastAPI application: `uvicorn bot.main:app`."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import errors
from bot.api import chat, health
from bot.rasa_client import RasaClient
from bot.redaction import Redactor
from bot.retention import purge_every_day
from bot.sessions import SeenSessions
from bot.settings import Settings, get_settings


def create_app(
    settings: Settings | None = None,
    rasa: RasaClient | None = None,
    redactor: Redactor | None = None,
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.rasa = rasa or RasaClient(settings.rasa_urls, settings.rasa_timeout_seconds)
        # spaCy and Presidio load once here (about 2 s), never per request.
        app.state.redactor = redactor or Redactor()
        app.state.told_about_redaction = SeenSessions()
        job = asyncio.create_task(purge_every_day(settings)) if settings.retention_job_enabled else None
        yield
        if job:
            job.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await job
        await app.state.rasa.close()

    app = FastAPI(
        title="Luton Prevent assistant",
        summary="Answers parents' and school staff's questions about the Prevent duty.",
        version="1.0.0",
        lifespan=lifespan,
    )
    errors.install(app)
    app.include_router(health.router)
    app.include_router(chat.parent_router)
    app.include_router(chat.staff_router)
    return app


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app = create_app()
