"""A worker process: claim queued jobs from the store, simulate, write the report folder.

The worker only calls the public pipeline (build_scenario, Simulation, write_report); all
it adds is bookkeeping: progress in the store, the summary on success, a short error (never
a stack trace; see failures.py) on failure.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from needlesim.web.failures import check_finite, job_error
from needlesim.web.store import JobStore


def _exit_with_parent(parent_pid: int) -> None:
    """Stop this worker when the server that started it is gone (even after SIGKILL)."""
    while True:
        if os.getppid() != parent_pid:
            os._exit(3)
        time.sleep(0.5)


def run_job(store: JobStore, job_id: str, data: dict, runs_dir: Path) -> None:
    from needlesim.report import write_report
    from needlesim.scenario import build_scenario
    from needlesim.simulation import Simulation

    try:
        store.progress(job_id, 0.05, "validating")
        scenario = build_scenario(data)
        store.progress(job_id, 0.1, "simulating")
        results = Simulation(scenario).run()
        summary = results.summary()
        check_finite(summary)
        store.progress(job_id, 0.7, "writing report")
        write_report(results, runs_dir / job_id, pdf=True)
        store.finish(job_id, summary)
    except Exception as exc:  # a failed run is reported, the worker goes on
        store.fail(job_id, job_error(exc, job_id))


def worker_main(database: str, runs_dir: str, poll_seconds: float, parent_pid: int) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    # the server's log is this process's stderr too; say which worker wrote a line
    logging.basicConfig(level=logging.WARNING, format="needlesim worker %(process)d: %(message)s")
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    store = JobStore(database)
    pid = os.getpid()
    while True:
        claimed = store.claim(pid)
        if claimed is None:
            time.sleep(poll_seconds)
            continue
        job_id, data = claimed
        run_job(store, job_id, data, Path(runs_dir))
