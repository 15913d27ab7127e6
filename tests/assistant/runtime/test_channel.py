"""The channel takes a message only from the gateway: the secret it sends must
match credentials.yml's `webhook_secret` (from RASA_WEBHOOK_SECRET)."""
from pathlib import Path

import pytest

from assistant.runtime.channel import GatewayInput, from_gateway

ROOT = Path(__file__).resolve().parents[3]
SECRET = "g" * 64


def test_the_right_secret_passes():
    assert from_gateway(SECRET, SECRET)


@pytest.mark.parametrize("given", [None, "", "g" * 63, "g" * 65, "G" * 64, SECRET + " "])
def test_a_missing_or_wrong_secret_does_not(given):
    assert not from_gateway(SECRET, given)


@pytest.mark.parametrize("configured", ["", "${RASA_WEBHOOK_SECRET}"])
def test_without_a_configured_secret_nothing_passes(configured):
    assert not from_gateway(configured, configured)


def test_the_secret_comes_from_the_environment_through_credentials_yml(monkeypatch):
    import rasa.shared.utils.io

    monkeypatch.setenv("RASA_WEBHOOK_SECRET", SECRET)
    credentials = rasa.shared.utils.io.read_config_file(ROOT / "credentials.yml")["assistant.runtime.channel.GatewayInput"]
    assert GatewayInput.from_credentials(credentials).webhook_secret == SECRET


def test_rasa_will_not_read_credentials_yml_without_the_secret(monkeypatch):
    import rasa.shared.utils.io

    monkeypatch.delenv("RASA_WEBHOOK_SECRET", raising=False)
    with pytest.raises(Exception, match="RASA_WEBHOOK_SECRET"):
        rasa.shared.utils.io.read_config_file(ROOT / "credentials.yml")


@pytest.mark.parametrize("given, kept", [("held", "held"), ("weapon_now", "weapon_now"),
                                         ("<script>", None), ("x" * 100, None), (7, None)])
def test_only_an_emergency_pattern_id_passes_beside_the_audience(given, kept):
    from assistant.runtime.channel import audience_metadata

    metadata = audience_metadata({"metadata": {"audience": "staff", "urgent_pattern": given, "other": "x"}})
    assert metadata.get("urgent_pattern") == kept
    assert "other" not in metadata and metadata["audience"] == "staff"
