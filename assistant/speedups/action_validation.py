"""Checking the action server's replies without re-checking the schema each time.

Rasa 3.6 validates every custom action's reply with `jsonschema.validate`,
which first checks the *schema itself* against the JSON Schema meta-schema and
builds a new validator, on every call. Profiling the Rasa server under load
(py-spy, 20 users) put about a fifth of its time there. The schema is a
constant (`RemoteAction.action_response_format_spec`), so it is checked once
here and its validator reused; each reply is still validated in full and
fails exactly as before.

Installed by `speedups.install_all()` (`python -m assistant.serve`), before
the server loads its model.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def reply_validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    error: ValidationError | None = best_match(reply_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
