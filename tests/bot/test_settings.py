"""The one settings object refuses to run production without its secrets."""
import pytest

from bot.settings import Settings

STRONG = "s" * 40


@pytest.mark.parametrize("missing", ["rasa_webhook_secret", "rasa_api_token"])
def test_production_refuses_to_start_without_each_rasa_secret(missing):
    values = {"environment": "production", "staff_token_secret": STRONG, "rasa_webhook_secret": STRONG, "rasa_api_token": STRONG}
    values[missing] = ""
    with pytest.raises(ValueError, match=missing.upper()):
        Settings(**values)


def test_production_refuses_a_short_rasa_secret():
    with pytest.raises(ValueError, match="RASA_API_TOKEN"):
        Settings(environment="production", staff_token_secret=STRONG, rasa_webhook_secret=STRONG, rasa_api_token="short")


def test_production_starts_with_every_secret_set():
    settings = Settings(environment="production", staff_token_secret=STRONG, rasa_webhook_secret=STRONG, rasa_api_token=STRONG)
    assert settings.rasa_webhook_secret == STRONG


def test_the_secrets_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("RASA_WEBHOOK_SECRET", "w" * 40)
    monkeypatch.setenv("RASA_API_TOKEN", "a" * 40)
    settings = Settings(environment="test")
    assert (settings.rasa_webhook_secret, settings.rasa_api_token) == ("w" * 40, "a" * 40)
