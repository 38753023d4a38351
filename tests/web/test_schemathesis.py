"""Fuzz the API against its own OpenAPI description: no input may cause a server error."""

from __future__ import annotations

import shutil
import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from needlesim.web import Settings, create_app

DATA = tempfile.mkdtemp(prefix="needlesim-fuzz-")
# No workers (runs stay queued) and a queue that never fills: only the API is fuzzed.
APP = create_app(Settings.make(DATA, workers=0, max_queued=10**9))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _remove_data():
    yield
    shutil.rmtree(DATA, ignore_errors=True)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_answers_with_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])
