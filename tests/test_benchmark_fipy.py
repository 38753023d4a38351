"""The FiPy benchmark fails at once, with a message, when FiPy is missing or a solver dies,
instead of waiting for ever on a result that will not come."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "transport_vs_fipy.py"
# run the script with FiPy hidden, whether or not it is installed here
WITHOUT_FIPY = ("import runpy, sys; sys.modules['fipy'] = None; sys.argv = [sys.argv[1], '--quick']; "
                "runpy.run_path(sys.argv[0], run_name='__main__')")


def load_benchmark():
    spec = importlib.util.spec_from_file_location("transport_vs_fipy", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_fipy_stops_at_once_with_a_message():
    done = subprocess.run([sys.executable, "-c", WITHOUT_FIPY, str(SCRIPT)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert done.returncode != 0
    assert "FiPy is not installed" in done.stderr and "pip install" in done.stderr
    assert "grid" not in done.stdout  # it stopped before the minutes of needlesim solves


def dies(queue):
    os._exit(3)  # as a worker killed by an import error or the out-of-memory killer


def answers(value, queue):
    queue.put({"value": value})


def test_a_dead_worker_is_reported_not_waited_for():
    bench = load_benchmark()
    with pytest.raises(bench.WorkerDied, match="exit code 3"):
        bench.in_child(dies, poll_s=0.2)
    assert bench.in_child(answers, 7, poll_s=0.2) == {"value": 7}
