"""The chat API, fuzzed from its own OpenAPI description with schemathesis,
against the real running stack (gateway, Rasa, action server).

Whatever arrives (valid, malformed, huge, odd Unicode, missing or wrong
token), the gateway never answers 5xx, and every error is JSON with a
plain-words `detail`. (schemathesis's own pytest plugin does not yet run on
pytest 9, so the cases are drawn with Hypothesis directly.)
"""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings


def check(response, case) -> None:
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]  # schemathesis keeps a list per header
        assert content_type.startswith("application/json"), (case.path, response.status_code, content_type)
        detail = response.json()["detail"]
        assert detail and isinstance(detail, str), (case.path, response.text[:300])


def test_no_input_makes_the_gateway_fail_and_every_error_is_plain_json(stack, staff_token):
    schema = schemathesis.openapi.from_url(f"{stack.base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/chat/parent", "/api/chat/staff", "/api/feedback"}
    calls = 0
    for operation in operations:
        headers = {"Authorization": f"Bearer {staff_token}"} if operation.path == "/api/chat/staff" else None

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            nonlocal calls
            calls += 1
            check(case.call(headers=headers, timeout=30), case)

        fuzz()
    assert calls >= 100
