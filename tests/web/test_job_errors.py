"""What a run that fails in its worker tells the user: the input problem in full (field,
value, allowed, unit), the summary key without a finite value, or a short message with a
reference; never a trace."""

from __future__ import annotations

import json

import pytest
from web_helpers import small_scenario

from needlesim.errors import input_error
from needlesim.web.store import JobStore
from needlesim.web.worker import run_job


class FakeResults:
    def __init__(self, summary):
        self._summary = summary

    def summary(self):
        return self._summary


@pytest.fixture
def failing_run(tmp_path, monkeypatch):
    """Run one job in this process with a simulation that raises ``error`` or returns
    ``summary``; give back the job's stored error."""
    store = JobStore(tmp_path / "jobs.sqlite3")

    def run(error=None, summary=None):
        class Simulation:
            def __init__(self, scenario):
                pass

            def run(self):
                if error is not None:
                    raise error
                return FakeResults(summary)

        monkeypatch.setattr("needlesim.simulation.Simulation", Simulation)
        job_id = store.add(small_scenario())
        store.claim(123)
        run_job(store, job_id, small_scenario(), tmp_path / "runs")
        job = store.get(job_id)
        assert job["status"] == "failed"
        json.dumps(job["error"], allow_nan=False)
        return job["error"]

    return run


def test_input_error_while_running_shows_field_value_allowed_and_unit(failing_run):
    error = failing_run(input_error("protocol.serum", "lidocaine" + "x" * 5000,
                                    "a serum the transport model covers: vitamin_c, caffeine", ""))
    [problem] = error["problems"]
    assert problem["field"] == "protocol.serum" and problem["value"].startswith("lidocaine")
    assert len(problem["value"]) <= 201 and "caffeine" in problem["allowed"]
    assert error["message"].startswith("invalid input: protocol.serum: got 'lidocaine")
    assert "allowed: a serum the transport model covers" in error["message"]
    assert "ValueError" not in error["message"]


def test_a_summary_without_a_finite_value_names_the_key(failing_run, tmp_path):
    summary = {"delivery": {"lidocaine": {"numbing_onset_min": 3.0,
                                          "intact_numbing_onset_min": float("nan")}}}
    error = failing_run(summary=summary)
    assert "delivery.lidocaine.intact_numbing_onset_min = NaN" in error["message"]
    assert "no report was written" in error["message"]
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_unexpected_error_is_short_with_a_reference_and_no_trace(failing_run, caplog):
    error = failing_run(RuntimeError("boom in /secret/path/model.py line 12"))
    assert "unexpected error (RuntimeError)" in error["message"]
    assert error["reference"] in error["message"] and len(error["message"]) < 200
    assert "secret" not in json.dumps(error) and "Traceback" not in json.dumps(error)
    assert error["reference"] in caplog.text  # the details are in the server's log
