"""The server's worker processes: started with the app, watched, restarted, stopped."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading

from needlesim.web.config import Settings
from needlesim.web.store import JobStore
from needlesim.web.worker import worker_main

log = logging.getLogger("needlesim.web")


class WorkerPool:
    def __init__(self, settings: Settings, store: JobStore):
        self.settings = settings
        self.store = store
        self.processes: list = []
        self._context = multiprocessing.get_context("spawn")
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None

    def _spawn(self):
        process = self._context.Process(
            target=worker_main,
            args=(str(self.settings.database), str(self.settings.runs_dir),
                  self.settings.poll_seconds, os.getpid()),
            daemon=True,
            name="needlesim-worker",
        )
        process.start()
        return process

    def start(self) -> None:
        self.processes = [self._spawn() for _ in range(self.settings.workers)]
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="needlesim-watch")
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stopping.wait(1.0):
            for index, process in enumerate(self.processes):
                if process.is_alive() or self._stopping.is_set():
                    continue
                job_id = self.store.running_job_of(process.pid)
                if job_id is not None:
                    log.error("worker %s died (exit code %s) running job %s",
                              process.pid, process.exitcode, job_id)
                    self.store.fail(job_id, {"message": "the worker stopped unexpectedly "
                                             f"(exit code {process.exitcode})"})
                self.processes[index] = self._spawn()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.join(timeout)
            if process.is_alive():
                process.kill()
                process.join(timeout)
            # A job cut short by the shutdown goes back in the queue for the next start.
            self.store.requeue_running(process.pid)
        self.processes = []
