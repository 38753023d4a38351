"""Draw a report's figures in forked worker processes while the caller writes the rest.

Drawing and saving the PNGs is most of a report's time, and the figures are independent
of each other and of the NetCDF file. Forked workers inherit the Results in memory
(nothing is pickled but a file name) and the imported matplotlib. Off Linux (a spawned
worker would import the whole stack again, and macOS's system libraries are not safe to
fork), in daemonic processes (which may not start children, e.g. the web service's
workers), with other Python threads running (a fork copies the locks they may hold) or on
a single CPU, the figures are drawn in this process, one after the other: the files are
the same either way.

The command line starts its workers (:class:`FigureWorkers`) before it simulates: they
load matplotlib (half a second) on the other CPU while this process runs the pipeline, and
are then handed each figure's Results (pickled, about a megabyte: milliseconds).
This process loads matplotlib only when it draws a figure itself.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor, wait
from pathlib import Path

from needlesim.report.figure_data import FIGURE_DATASETS, figure_data

DPI = 110
WORKER_NICENESS = 5  # workers started before the results yield the CPU to this process

_job = None  # (results, folder, figures) a forked worker draws (set by its initializer)

# Ctrl-C and a termination request are held while the workers are forked: a signal that
# arrives during a fork is raised inside the interpreter's at-fork callbacks, where
# exceptions are ignored, and the run would go on as if never interrupted. Held, it is
# raised in this process right after the forks; the workers leave Ctrl-C to it.
# (A mask, unlike interrupts.signals_held: forks happen only with no other thread running,
# see worker_count, and the forked workers inherit the mask and restore it themselves.)
_HELD = {signal.SIGINT, signal.SIGTERM}


def render_figure(results, make) -> bytes | None:
    """One figure as PNG bytes; None when the results hold nothing for it."""
    figure = make(results)
    if figure is None:
        return None
    # saved as laid out: every maker sets its margins, and a tight box here
    # (bbox_inches="tight") would draw the whole figure a second time to measure it
    png = io.BytesIO()
    figure.savefig(png, dpi=DPI, format="png")
    import matplotlib.pyplot as plt  # loaded by the maker already; here only to close

    plt.close(figure)
    return png.getvalue()


def _write(folder: Path, name: str, png: bytes | None) -> Path | None:
    if png is None:
        return None
    (folder / name).write_bytes(png)
    return folder / name


def draw_figure(results, folder: Path, name: str, make) -> Path | None:
    """One figure into ``folder / name``; None when the results hold nothing for it."""
    return _write(folder, name, render_figure(results, make))


def _keep(results, folder: Path, figures, mask) -> None:
    global _job
    _job = (results, folder, figures)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the pool on Ctrl-C
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _draw_in_worker(index: int) -> Path | None:
    results, folder, figures = _job
    name, make = figures[index]
    return draw_figure(results, folder, name, make)


def _ready(mask) -> None:
    """Initializer of workers started before the results exist: the figure makers (and
    matplotlib) are loaded while the caller simulates."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the pool on Ctrl-C
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    # below this process's priority: the warm-up overlaps the simulation, which is on
    # the critical path, and the NetCDF file this process writes while they draw
    os.nice(WORKER_NICENESS)
    import needlesim.report.figures  # noqa: F401

    _warm_up()


def _warm_up() -> None:
    """A small figure drawn into memory: the first figure a process draws would otherwise
    pay for loading the fonts and the PNG writer (a tenth of a second)."""
    import io

    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=(2, 2))
    ax.plot([1, 10], [1, 10], label="warm-up")
    ax.set(xscale="log", xlabel="x [mm]", title="warm-up")
    ax.legend()
    figure.text(0.01, 0.01, "warm-up", fontsize=7)
    figure.tight_layout()
    figure.savefig(io.BytesIO(), dpi=DPI, format="png")
    plt.close(figure)


def _render_report_figure(results, name: str) -> bytes | None:
    from needlesim.report.figures import FIGURES

    return render_figure(results, dict(FIGURES)[name])


def _fork_pool(workers: int, initializer, initargs) -> ProcessPoolExecutor:
    """A pool of forked workers, started now, with Ctrl-C and SIGTERM held meanwhile."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    pool = None
    try:
        pool = ProcessPoolExecutor(workers, multiprocessing.get_context("fork"),
                                   initializer=initializer, initargs=(*initargs, mask))
        pool.submit(int)  # a forking pool starts all its workers at the first submit
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a held signal is raised here
        return pool
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if pool is not None:  # started, but nobody will hold it: stopped here
            pool.shutdown(wait=True, cancel_futures=True)
        raise


def worker_count(figures: int) -> int:
    """Worker processes to draw ``figures`` figures: 0 means draw them here."""
    if (not sys.platform.startswith("linux") or multiprocessing.current_process().daemon
            or threading.active_count() > 1):
        return 0
    workers = min(len(os.sched_getaffinity(0)), figures)
    return workers if workers > 1 else 0


class FigureWorkers:
    """Figure workers started before the results exist (a context manager: stopped on
    leaving it); none where :func:`worker_count` says to draw in this process.

    :meth:`draw_ready`, called as the simulation adds datasets, has them draw each report
    figure as soon as its datasets exist (figure_data.py), sent only those."""

    def __init__(self, figures: int):
        self.pool: ProcessPoolExecutor | None = None
        self.early: dict[str, Future] = {}  # report figures begun before the report
        workers = worker_count(figures)
        if workers:
            self.pool = _fork_pool(workers, _ready, ())

    def draw_ready(self, results) -> None:
        if self.pool is None:
            return
        for name in FIGURE_DATASETS:
            if name not in self.early:
                data = figure_data(results, name)
                if data is not None:
                    self.early[name] = self.pool.submit(_render_report_figure, data, name)

    def __enter__(self) -> FigureWorkers:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            for future in self.early.values():
                future.cancel()
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


class FigureJob:
    """Figures being drawn: start with :meth:`start`, collect with :meth:`files`.

    ``figures`` is a list of (file name, maker), or None for the report's FIGURES. Given
    ``workers`` (started before, :class:`FigureWorkers`), the report's figures are drawn
    there, each sent with the results; otherwise workers are forked now and inherit them.
    """

    def __init__(self, results, folder: Path, figures=None, workers: FigureWorkers | None = None):
        self._results, self._folder = results, Path(folder)
        self._workers = workers
        self._given = workers.pool if workers is not None else None
        if figures is None and self._given is None:
            from needlesim.report.figures import FIGURES  # drawn here: the makers are needed

            figures = FIGURES
        self._figures = None if figures is None else list(figures)
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._names: list[str] | None = None  # the report's figures, drawn by given workers

    def start(self) -> FigureJob:
        if self._given is not None:
            if self._figures is not None:
                raise ValueError("workers started before draw the report's own figures only")
            self._pool = self._given
            names = list(FIGURE_DATASETS)  # the report's figures, in order, without the makers
            early = self._workers.early
            self._names = names
            self._futures = [
                early.pop(name) if name in early
                else self._pool.submit(_render_report_figure, self._results, name)
                for name in names]
            return self
        workers = worker_count(len(self._figures))
        if workers:
            self._pool = _fork_pool(workers, _keep,
                                    (self._results, self._folder, self._figures))  # inherited
            self._futures = [self._pool.submit(_draw_in_worker, index)
                             for index in range(len(self._figures))]
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
            if self._names is not None:  # PNG bytes from the given workers
                drawn = [_write(self._folder, name, png)
                         for name, png in zip(self._names, drawn, strict=True)]
        return [path for path in drawn if path is not None]

    def close(self) -> None:
        """Stop the workers (figures not yet begun are dropped, those begun are waited for:
        their files land before the caller removes the folder); workers given to the job
        are left to their owner."""
        if self._pool is self._given and self._pool is not None:
            for future in self._futures:
                future.cancel()
            wait(self._futures)
            self._pool = None
        elif self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
