"""Helpers of the web tests: a small scenario, waiting for a run, a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


def small_scenario(**protocol) -> dict:
    """A run of a few seconds: 4 cm2, one session, two passes."""
    base = {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
            "passes": 2, "area_cm2": 4, "serum": "vitamin_c"}
    base.update(protocol)
    return {
        "seed": 3,
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek",
                    "condition": "photoaging"},
        "protocol": base,
        "output": {"report_days": [30, 90]},
    }


def wait_done(get, run_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = get(f"/api/runs/{run_id}").json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} did not finish in {timeout} s: {status}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``needlesim serve`` in a subprocess on 127.0.0.1 and an ephemeral port."""

    def __init__(self, data_dir: Path, workers: int = 1, log: Path | None = None):
        self.data_dir, self.workers = data_dir, workers
        self.log = log or data_dir.parent / "server.log"
        self.process = None
        self.port = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        self.port = free_port()
        env = dict(os.environ, MPLBACKEND="Agg")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "needlesim.cli", "serve", "--port", str(self.port),
                 "--data-dir", str(self.data_dir), "--workers", str(self.workers)],
                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("server did not start")

    def get(self, path: str, **kwargs) -> httpx.Response:
        return httpx.get(self.url + path, timeout=10, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return httpx.post(self.url + path, timeout=10, **kwargs)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as in a crash or a power cut."""
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
