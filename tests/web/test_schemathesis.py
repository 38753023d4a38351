"""Fuzz the API against its own OpenAPI description: no input may cause a server error, every
answer matches the description, and a schema-valid scenario is queued unless it breaks one of
the rules the description says a schema cannot express."""

from __future__ import annotations

import shutil
import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from needlesim.web import Settings, create_app

DATA = tempfile.mkdtemp(prefix="needlesim-fuzz-")
# No workers (runs stay queued) and a queue that never fills: only the API is fuzzed.
APP = create_app(Settings.make(DATA, workers=0, max_queued=10**9))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
SUBMIT = "POST /api/runs"


@pytest.fixture(scope="module", autouse=True)
def _remove_data():
    yield
    shutil.rmtree(DATA, ignore_errors=True)


def _sent(body, field: str):
    """The value the request carried at a problem's field ("protocol.overrides[0].passes")."""
    value = body
    for part in field.replace("[", ".").replace("]", "").split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def beyond_the_schema(problem: dict, body) -> bool:
    """The rules scenario_schema.py lists as out of a schema's reach."""
    field, allowed = problem["field"], problem["allowed"]
    return (
        isinstance(_sent(body, field), str) and field != "name"  # a quantity written as text
        or (field == "protocol" and problem["unit"] == "cm2")  # simulation size
        or "range of device" in allowed  # the device's needle lengths
        or field.startswith("protocol.overrides") and "session" in allowed  # past the last one
        or isinstance(_sent(body, "protocol.steps"), str | list) and field.startswith("protocol")
        # the schema says it (dependentSchemas), but the generator does not honour that keyword
        or field == "protocol.numbing_min" and _sent(body, "protocol.numbing") is None
    )


def scenario_queued_or_beyond_the_schema(ctx, response, case):
    """Positive data of POST /api/runs: 202, or 422 only for rules a schema cannot express
    (the built-in positive_data_acceptance would demand 202 for every one)."""
    if case.operation.label != SUBMIT or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code == 202:
        return None
    assert response.status_code == 422, (response.status_code, response.text)
    problems = response.json()["problems"]
    wrong = [p for p in problems if not beyond_the_schema(p, case.body)]
    assert not wrong, f"a schema-valid scenario was refused for {wrong}"
    return None


def negative_data_rejection_except_scenarios(ctx, response, case):
    # The scenario reader is lenient as TOML readers are: "3" or 3.0 for a whole number of
    # sessions, "true" for a checkbox. A scenario the schema calls invalid may so be queued.
    if case.operation.label == SUBMIT:
        return None
    return negative_data_rejection(ctx, response, case)


def positive_data_acceptance_except_scenarios(ctx, response, case):
    if case.operation.label == SUBMIT:
        return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance, unsupported_method,
          allow_header_conformance, negative_data_rejection_except_scenarios,
          positive_data_acceptance_except_scenarios, scenario_queued_or_beyond_the_schema]


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_as_described_and_never_with_a_server_error(case):
    case.call_and_validate(checks=CHECKS)
