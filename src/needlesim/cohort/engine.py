"""Run chunks of work on Dask distributed, checkpointing each finished chunk.

``workers >= 1`` starts a LocalCluster of that many single-threaded worker processes;
``scheduler="tcp://host:8786"`` uses an existing cluster instead; ``workers=0`` runs the
chunks in this process without Dask (a plain loop, the reference for overhead).
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
from tqdm import tqdm

from needlesim.cohort.checkpoint import Checkpoints
from needlesim.interrupts import signals_held


@dataclass(frozen=True)
class Task:
    key: str  # the checkpoint name, e.g. "chunk-00003"
    func: object  # func(shared, *args) -> DataFrame
    args: tuple
    size: int  # units of work (patients, samples) for the progress bar


def _close_half_started() -> None:
    """A cluster cut short while it starts (Ctrl-C on a busy machine) is never handed back,
    and distributed's own exit handler fails to close it, with a traceback. It is closed
    here instead, quietly, and not again at exit."""
    import atexit

    from distributed.deploy.spec import close_clusters

    with signals_held():
        try:
            close_clusters()
        except Exception:  # noqa: BLE001 - half started, it may not close cleanly; the run is ending
            pass
        atexit.unregister(close_clusters)


@contextmanager
def dask_client(workers: int, scheduler: str | None = None):
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    # the cluster's own log lines stay out of the user's terminal: a failing task reaches
    # this process as its exception, and when the run is interrupted the workers log the
    # scheduler's shutdown as errors (heartbeats that find it gone), with tracebacks
    cluster = client = None
    try:
        try:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.CRITICAL)
        except BaseException:
            _close_half_started()
            raise
        client = Client(cluster)
        yield client
    finally:
        with signals_held():  # an interrupt may not cut the shutdown short
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()


def run_tasks(tasks: list[Task], shared, checkpoints: Checkpoints, workers: int = 1,
              scheduler: str | None = None, progress: bool = True, label: str = "patients",
              ) -> pd.DataFrame:
    """Run every task not yet checkpointed; return all chunks' rows in task order."""
    todo = [t for t in tasks if not checkpoints.done(t.key)]
    bar = tqdm(total=sum(t.size for t in tasks), initial=sum(t.size for t in tasks) - sum(
        t.size for t in todo), unit=label[:-1] if label.endswith("s") else label, desc=label,
        disable=not progress, file=sys.stderr, smoothing=0.1)
    try:
        if todo and workers == 0 and not scheduler:
            for task in todo:
                checkpoints.save(task.key, task.func(shared, *task.args))
                bar.update(task.size)
        elif todo:
            _run_on_dask(todo, shared, checkpoints, workers, scheduler, bar)
    finally:
        bar.close()
    return checkpoints.load([t.key for t in tasks])


def _run_on_dask(todo, shared, checkpoints, workers, scheduler, bar) -> None:
    from distributed import as_completed

    with dask_client(max(workers, 1), scheduler) as client:
        [shared_future] = client.scatter([shared], broadcast=True)
        futures = {}
        for task in todo:
            future = client.submit(task.func, shared_future, *task.args, pure=False,
                                   key=f"needlesim-{task.key}-{id(todo)}")
            futures[future] = task
        for future in as_completed(futures):
            task = futures[future]
            checkpoints.save(task.key, future.result())
            bar.update(task.size)
            future.release()
