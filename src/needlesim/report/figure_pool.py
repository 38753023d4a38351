"""Draw a report's figures in forked worker processes while the caller writes the rest.

Drawing and saving the PNGs is most of a report's time, and the figures are independent
of each other and of the NetCDF file. Forked workers inherit the Results in memory
(nothing is pickled but a file name) and the imported matplotlib. Off Linux (a spawned
worker would import the whole stack again, and macOS's system libraries are not safe to
fork), in daemonic processes (which may not start children, e.g. the web service's
workers), with other Python threads running (a fork copies the locks they may hold) or on
a single CPU, the figures are drawn in this process, one after the other: the files are
the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import matplotlib.pyplot as plt

DPI = 110

_job = None  # (results, folder, figures) a forked worker draws (set by its initializer)

# Ctrl-C and a termination request are held while the workers are forked: a signal that
# arrives during a fork is raised inside the interpreter's at-fork callbacks, where
# exceptions are ignored, and the run would go on as if never interrupted. Held, it is
# raised in this process right after the forks; the workers leave Ctrl-C to it.
_HELD = {signal.SIGINT, signal.SIGTERM}


def draw_figure(results, folder: Path, name: str, make) -> Path | None:
    """One figure into ``folder / name``; None when the results hold nothing for it."""
    figure = make(results)
    if figure is None:
        return None
    # saved as laid out: every maker ends with tight_layout, and a tight box here
    # (bbox_inches="tight") would draw the whole figure a second time to measure it
    figure.savefig(folder / name, dpi=DPI)
    plt.close(figure)
    return folder / name


def _keep(results, folder: Path, figures, mask) -> None:
    global _job
    _job = (results, folder, figures)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the pool on Ctrl-C
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _draw_in_worker(index: int) -> Path | None:
    results, folder, figures = _job
    name, make = figures[index]
    return draw_figure(results, folder, name, make)


def worker_count(figures: int) -> int:
    """Worker processes to draw ``figures`` figures: 0 means draw them here."""
    if (not sys.platform.startswith("linux") or multiprocessing.current_process().daemon
            or threading.active_count() > 1):
        return 0
    workers = min(len(os.sched_getaffinity(0)), figures)
    return workers if workers > 1 else 0


class FigureJob:
    """Figures being drawn: start with :meth:`start`, collect with :meth:`files`."""

    def __init__(self, results, folder: Path, figures):
        self._results, self._folder, self._figures = results, Path(folder), list(figures)
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []

    def start(self) -> FigureJob:
        workers = worker_count(len(self._figures))
        if workers:
            mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
            try:
                # a forking pool starts all its workers at the first submit
                self._pool = ProcessPoolExecutor(
                    workers, multiprocessing.get_context("fork"), initializer=_keep,
                    initargs=(self._results, self._folder, self._figures, mask))  # inherited
                self._futures = [self._pool.submit(_draw_in_worker, index)
                                 for index in range(len(self._figures))]
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return self

    def files(self) -> list[Path]:
        """The figure files written, in the order of the figures (waits for the workers)."""
        if self._pool is None:
            drawn = [draw_figure(self._results, self._folder, name, make)
                     for name, make in self._figures]
        else:
            try:
                drawn = [future.result() for future in self._futures]
            finally:
                self.close()
        return [path for path in drawn if path is not None]

    def close(self) -> None:
        """Stop the workers (figures not yet begun are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
