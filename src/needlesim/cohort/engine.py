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


@dataclass(frozen=True)
class Task:
    key: str  # the checkpoint name, e.g. "chunk-00003"
    func: object  # func(shared, *args) -> DataFrame
    args: tuple
    size: int  # units of work (patients, samples) for the progress bar


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
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
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
