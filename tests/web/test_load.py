"""The bounded load check: status requests keep answering while a simulation runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "web_load.py"


@pytest.mark.slow
def test_status_requests_keep_answering_while_simulations_run():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--runs", "1", "--clients", "4", "--duration", "4",
         "--max-requests", "5000", "--json"],
        capture_output=True, text=True, timeout=180, check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"] == 0
    assert report["while_simulating"]["count"] >= 20, report
    # Generous bounds: the point is that the service answers, not a performance figure.
    assert report["while_simulating"]["p95_ms"] < 2000, report
    assert report["requests_per_s"] > 5, report
