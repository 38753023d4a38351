"""A real server killed while runs are queued: after a restart no job is lost."""

from __future__ import annotations

import time

import pytest
from web_helpers import small_scenario, wait_done

from needlesim.web.store import JobStore


@pytest.mark.slow
def test_restart_during_a_queued_run_loses_no_job(server_factory, tmp_path):
    data_dir = tmp_path / "data"
    server = server_factory(data_dir, workers=1)
    ids = []
    for passes in (1, 2):
        response = server.post("/api/runs", json=small_scenario(passes=passes))
        assert response.status_code == 202
        ids.append(response.json()["id"])
    deadline = time.monotonic() + 60
    while server.get(f"/api/runs/{ids[0]}").json()["status"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert [server.get(f"/api/runs/{i}").json()["status"] for i in ids[1:]] == ["queued"]
    server.kill()  # SIGKILL while one run is running and two are queued

    store = JobStore(data_dir / "needlesim.sqlite3")
    assert {store.get(i)["status"] for i in ids} <= {"running", "queued"}

    restarted = server_factory(data_dir, workers=1)
    for run_id in ids:
        status = wait_done(restarted.get, run_id)
        assert status["status"] == "done", status
        assert restarted.get(f"/api/runs/{run_id}/summary").json()["channels"]["density_per_cm2"] > 0
    listed = {run["id"] for run in restarted.get("/api/runs").json()}
    assert set(ids) <= listed


@pytest.mark.slow
def test_second_server_on_the_same_data_dir_refuses_to_start(server_factory, tmp_path):
    server_factory(tmp_path / "data", workers=0)
    with pytest.raises(AssertionError, match="server exited"):
        server_factory(tmp_path / "data", workers=0)
    log = (tmp_path / "server1.log").read_text()
    assert "another needlesim server is using" in log and "Traceback" not in log
