"""Fixtures of the web tests: apps on a fresh data folder, a real server, one finished run."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import Server, small_scenario, wait_done

from needlesim.web import Settings, create_app


@pytest.fixture
def app_no_workers(tmp_path):
    """An app whose jobs stay queued: for the API's validation and bookkeeping."""
    return create_app(Settings.make(tmp_path / "data", workers=0))


@pytest.fixture
def client(app_no_workers):
    from fastapi.testclient import TestClient

    with TestClient(app_no_workers, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def finished(tmp_path_factory):
    """A TestClient on an app with one worker, and one run of it that has finished."""
    from fastapi.testclient import TestClient

    app = create_app(Settings.make(tmp_path_factory.mktemp("data"), workers=1))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        run_id = test_client.post("/api/runs", json=small_scenario()).json()["id"]
        status = wait_done(test_client.get, run_id)
        assert status["status"] == "done", status
        yield test_client, run_id


@pytest.fixture
def server_factory(tmp_path):
    servers = []

    def make(data_dir: Path | None = None, workers: int = 1) -> Server:
        server = Server(data_dir or tmp_path / "data", workers, tmp_path / f"server{len(servers)}.log")
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()
