"""The FastAPI application: `uvicorn bot.main:app`."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import errors
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from bot.api import chat, feedback, health, pages, review
from bot.rasa_client import RasaClient
from bot.privacy.redaction import Redactor
from bot.storage.retention import purge_every_day
from bot.security import BodySizeLimit, RateLimit, SecurityHeaders
from bot.review.db import migrate_with_retry
from bot.privacy.sessions import SeenSessions
from bot.settings import Settings, get_settings


def create_app(
    settings: Settings | None = None,
    rasa: RasaClient | None = None,
    redactor: Redactor | None = None,
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.rasa = rasa or RasaClient(
            settings.rasa_urls, settings.rasa_timeout_seconds, max_in_flight=settings.rasa_max_in_flight,
            webhook_secret=settings.rasa_webhook_secret, api_token=settings.rasa_api_token,
        )
        if not settings.rasa_webhook_secret:
            logging.getLogger(__name__).warning(
                "RASA_WEBHOOK_SECRET is not set: Rasa will refuse every message. "
                "`make run` sets it (var/secrets/); production must set its own."
            )
        # spaCy and Presidio load once here (about 2 s), never per request.
        app.state.redactor = redactor or Redactor()
        app.state.told_about_redaction = SeenSessions()
        if settings.review_enabled:
            await asyncio.to_thread(migrate_with_retry, settings.tracker_url)
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
    # Every route reads this same settings object (tests and tools pass their own).
    app.state.settings = settings
    errors.install(app)
    if settings.widget_host_origins:
        # Host sites that embed the widget call the API from their own origin.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.widget_host_origins,
            allow_methods=["POST"],
            allow_headers=["content-type", "authorization"],
        )
    app.add_middleware(RateLimit, per_ip=settings.rate_limit_per_ip_per_minute, per_session=settings.rate_limit_per_session_per_minute, settings=settings)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes, settings=settings)
    app.add_middleware(SecurityHeaders, settings=settings)
    app.include_router(health.router)
    app.include_router(chat.parent_router)
    app.include_router(chat.staff_router)
    app.include_router(feedback.router)
    app.include_router(pages.router)
    app.include_router(review.public)
    app.include_router(review.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    # Front-end packages from npm (frontend/package-lock.json; `make venvs` installs them).
    if (pages.VENDOR / "govuk-frontend").exists():
        app.mount("/vendor/govuk", StaticFiles(directory=pages.VENDOR / "govuk-frontend/dist/govuk"), name="govuk")
        app.mount("/assets", StaticFiles(directory=pages.VENDOR / "govuk-frontend/dist/govuk/assets"), name="govuk-assets")
        app.mount("/vendor/chart.js", StaticFiles(directory=pages.VENDOR / "chart.js/dist"), name="chartjs")
    return app


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app = create_app()
