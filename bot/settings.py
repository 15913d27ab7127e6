"""All gateway settings, read once from the environment or `.env` (see .env.example)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "change-me-development-only-secret-0000000000"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ROOT / ".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"

    bot_host: str = "127.0.0.1"
    bot_port: int = 8000

    # One or more Rasa servers (comma-separated); the gateway spreads requests over them.
    rasa_urls: Annotated[list[str], NoDecode] = ["http://127.0.0.1:5005"]
    # Under a burst Rasa queues messages; giving up early would show an error for a
    # message Rasa still answers and stores. 30 s is as long as a person waits.
    rasa_timeout_seconds: float = 30.0
    # Messages each Rasa server is given at once; the rest queue in the gateway,
    # first come first served (see bot/rasa_client.py).
    rasa_max_in_flight: int = Field(default=4, ge=1, le=100)
    action_server_url: str = "http://127.0.0.1:5055"
    # Rasa trusts only the gateway. Every message carries this secret (the channel,
    # assistant/runtime/channel.py, refuses one without it; Rasa reads it through
    # credentials.yml), and every call to Rasa's HTTP API this token
    # (`rasa run --auth-token`). `make run` makes both once, in var/secrets/;
    # production must set its own (at least 32 random characters each).
    rasa_webhook_secret: str = ""
    rasa_api_token: str = ""

    # Staff tokens (HS256). In production the intranet signs them with the same secret.
    staff_token_secret: str = DEV_SECRET
    staff_token_issuer: str = "luton-prevent-assistant"
    staff_token_audience: str = "prevent-staff-chat"
    staff_token_ttl_hours: int = 12
    # Alternatively the intranet signs with RS256: its public key (PEM). When set,
    # only RS256 tokens are accepted.
    staff_token_public_key: str = ""

    # Web sites allowed to embed the widget and call the chat API (comma-separated origins).
    widget_host_origins: Annotated[list[str], NoDecode] = []

    # Abuse limits (per gateway worker).
    max_body_bytes: int = 16_000
    rate_limit_per_ip_per_minute: int = 120
    rate_limit_per_session_per_minute: int = 30

    contacts_file: Path = ROOT / "data" / "contacts.yml"
    # The gateway's own words (notices, errors), and the domain for the one it shares with Rasa.
    texts_file: Path = ROOT / "data" / "texts.yml"
    domain_file: Path = ROOT / "domain.yml"

    # Rasa's tracker store, read by the retention job (and the review area).
    tracker_url: str = f"sqlite:///{ROOT / 'var' / 'tracker.db'}"
    # Whole conversations older than this are deleted, daily and by `make purge`.
    retention_days: int = 90
    retention_interval_hours: float = 24.0
    # Off in unit tests that have no tracker store.
    retention_job_enabled: bool = True
    # The review area's tables live beside Rasa's, migrated at start-up.
    review_enabled: bool = True


    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> "Settings":
        if self.environment == "production" and (
            self.staff_token_secret == DEV_SECRET or len(self.staff_token_secret) < 32
        ):
            raise ValueError(
                "STAFF_TOKEN_SECRET must be set to a random value of at least 32 characters in production"
            )
        if self.environment == "production":
            for name in ("rasa_webhook_secret", "rasa_api_token"):
                if len(getattr(self, name)) < 32:
                    raise ValueError(f"{name.upper()} must be set to a random value of at least 32 characters in production")
        return self

    @model_validator(mode="before")
    @classmethod
    def _split_rasa_urls(cls, data):
        if isinstance(data, dict):
            urls = data.get("rasa_urls") or data.get("RASA_URLS")
            if isinstance(urls, str):
                data["rasa_urls"] = [u.strip().rstrip("/") for u in urls.split(",") if u.strip()]
            origins = data.get("widget_host_origins") or data.get("WIDGET_HOST_ORIGINS")
            if isinstance(origins, str):
                data["widget_host_origins"] = [o.strip().rstrip("/") for o in origins.split(",") if o.strip()]
        return data


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
