"""Replies from the action server are validated as strictly as Rasa does, with
the schema checked once rather than on every call."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from assistant.speedups import action_validation

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "audience", "value": "staff"}], "responses": [{"response": "utter_greet"}]},
    {"events": [{"event": "session_started"}, {"event": "action", "name": "action_listen"}], "responses": []},
]
BAD = [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [{"event": "slot"}], "responses": []},  # a slot event needs a name
]


@pytest.fixture
def action():
    return RemoteAction("action_concern_step", EndpointConfig("http://localhost:5055/webhook"))


@pytest.mark.parametrize("reply", GOOD)
def test_a_valid_reply_passes_as_it_does_in_rasa(action, reply):
    jsonschema.validate(reply, RemoteAction.action_response_format_spec())  # Rasa's own check agrees
    assert action_validation.validate_action_result(action, reply) is True


@pytest.mark.parametrize("reply", BAD)
def test_an_invalid_reply_fails_as_it_does_in_rasa(action, reply):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        action_validation.validate_action_result(action, reply)


def test_the_server_entry_installs_it_and_the_schema_is_checked_once(action, monkeypatch):
    from assistant import speedups

    speedups.install_all()  # what `python -m assistant.serve` does first

    assert RemoteAction._validate_action_result is action_validation.validate_action_result
    action_validation.reply_validator.cache_clear()
    checks = []
    cls = type(action_validation.reply_validator())
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, s, **k: checks.append(1)))
    action_validation.reply_validator.cache_clear()
    for reply in GOOD * 5:
        action._validate_action_result(reply)
    assert len(checks) == 1
