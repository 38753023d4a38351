"""A report's figures drawn in forked workers are the files drawn in one process, a figure
failing in a worker fails the report, and the NetCDF file is the one xarray's own
``to_netcdf`` writes."""

import subprocess
import sys
import threading

import pytest
import xarray as xr

from needlesim.report import figure_pool, write_report
from needlesim.report.figure_data import FIGURE_DATASETS, FigureData, figure_data
from needlesim.report.figures import FIGURES
from needlesim.report.write import write_figures
from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="figure workers are forked on Linux only")


@pytest.fixture(scope="module")
def results():
    data = {
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 2, "interval_days": 28, "device": "pen",
                     "needle_length_mm": 1.0, "passes": 2, "area_cm2": 4,
                     "serum": "vitamin_c"},
    }
    return Simulation(build_scenario(data)).run()


@linux_only
def test_figures_drawn_in_workers_are_the_files_drawn_here(results, tmp_path, monkeypatch):
    here, there = tmp_path / "here", tmp_path / "workers"
    here.mkdir()
    there.mkdir()
    drawn_here = write_figures(results, here)
    monkeypatch.setattr(figure_pool, "worker_count", lambda figures: 2)
    job = figure_pool.FigureJob(results, there, FIGURES).start()
    assert job._pool is not None
    drawn_there = job.files()
    assert [p.name for p in drawn_there] == [p.name for p in drawn_here]
    assert len(drawn_here) >= 5  # the serum's figures too
    for a, b in zip(drawn_here, drawn_there, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


@linux_only
def test_an_interrupt_as_the_staging_folder_appears_leaves_nothing(results, tmp_path, monkeypatch):
    # Ctrl-C arriving right after the staging folder is made, before the report's clean-up
    # is set up, must still remove it
    import os
    import signal

    from needlesim.report import write as writer

    made = writer.make_staging

    def made_then_interrupted(target):
        staging = made(target)
        os.kill(os.getpid(), signal.SIGINT)
        return staging

    monkeypatch.setattr(writer, "make_staging", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_report(results, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []


@linux_only
def test_a_figure_failing_in_a_worker_fails_the_report(results, tmp_path, monkeypatch):
    from needlesim.report import write as writer

    def broken(results):
        raise RuntimeError("figure failed")

    monkeypatch.setattr(figure_pool, "worker_count", lambda figures: 2)
    monkeypatch.setattr(writer, "FIGURES", [FIGURES[0], ("broken.png", broken)])
    with pytest.raises(RuntimeError, match="figure failed"):
        write_report(results, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []


def test_no_workers_beside_other_threads_or_in_a_daemonic_process(monkeypatch):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert figure_pool.worker_count(8) == 0
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(figure_pool.multiprocessing.current_process(), "daemon", True,
                        raising=False)
    assert figure_pool.worker_count(8) == 0


def test_results_file_is_the_one_xarray_writes(results, tmp_path):
    ours = results.to_netcdf(tmp_path / "ours.nc")
    theirs = tmp_path / "theirs.nc"
    mode = "w"
    for name, dataset in results.datasets.items():
        dataset.to_netcdf(theirs, group=name, mode=mode, engine="h5netcdf")
        mode = "a"
    assert ours.read_bytes() == theirs.read_bytes()
    for name, dataset in results.datasets.items():
        with xr.open_dataset(ours, group=name, engine="h5netcdf") as stored:
            assert stored.load().identical(dataset), name


def _laid_out_figures(results):
    """(name, figure, renderer) of each report figure, closed after its turn."""
    import matplotlib.pyplot as plt

    for name, make in FIGURES:
        figure = make(results)
        if figure is None:
            continue
        try:
            yield name, figure, figure.canvas.get_renderer()
        finally:
            plt.close(figure)


def test_every_figure_fits_its_canvas(results):
    """Figures are saved as laid out (no tight box): every label, legend and title lies
    on the canvas, none cut off at its edge."""
    for name, figure, renderer in _laid_out_figures(results):
        drawn = figure.get_tightbbox(renderer)  # inches
        width, height = figure.get_size_inches()
        tolerance = 0.02
        assert drawn.x0 >= -tolerance and drawn.y0 >= -tolerance, name
        assert drawn.x1 <= width + tolerance and drawn.y1 <= height + tolerance, name


def test_no_two_panels_of_a_figure_overlap(results):
    """Fixed margins leave room between panels: no panel's labels and titles reach into
    another panel's (colour bars belong to their panel)."""
    for name, figure, renderer in _laid_out_figures(results):
        panels = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"]
        boxes = [ax.get_tightbbox(renderer) for ax in panels]
        for i, first in enumerate(boxes):
            for second in boxes[i + 1:]:
                width = min(first.x1, second.x1) - max(first.x0, second.x0)
                height = min(first.y1, second.y1) - max(first.y0, second.y0)
                assert width <= 1 or height <= 1, name  # pixels


@linux_only
def test_figures_from_workers_started_before_the_results_are_the_files_drawn_here(
        results, tmp_path, monkeypatch):
    here, there = tmp_path / "here", tmp_path / "early"
    here.mkdir()
    there.mkdir()
    drawn_here = write_figures(results, here)
    monkeypatch.setattr(figure_pool, "worker_count", lambda figures: 2)
    with figure_pool.FigureWorkers(len(FIGURES)) as workers:
        assert workers.pool is not None
        job = figure_pool.FigureJob(results, there, None, workers).start()
        drawn_there = job.files()
        assert workers.pool is not None  # the job leaves the workers to their owner
    assert workers.pool is None
    assert [p.name for p in drawn_there] == [p.name for p in drawn_here]
    for a, b in zip(drawn_here, drawn_there, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


@linux_only
def test_figures_begun_while_the_simulation_runs_are_the_files_drawn_here(
        results, tmp_path, monkeypatch):
    """Figures begun as stages add datasets (the channel figures before serum and healing
    exist) are those the whole Results give."""
    here, there = tmp_path / "here", tmp_path / "streamed"
    here.mkdir()
    there.mkdir()
    drawn_here = write_figures(results, here)
    monkeypatch.setattr(figure_pool, "worker_count", lambda figures: 2)
    channel_stages = ("skin", "sessions", "channel_depth", "barrier", "punctures")
    with figure_pool.FigureWorkers(len(FIGURES)) as workers:
        workers.draw_ready(FigureData({name: results[name] for name in channel_stages}))
        assert set(workers.early) == {"puncture_map.png", "channel_depth.png",
                                      "barrier_recovery.png"}
        workers.draw_ready(results)
        assert set(workers.early) == set(FIGURE_DATASETS)
        drawn_there = figure_pool.FigureJob(results, there, None, workers).start().files()
        assert not workers.early  # every figure begun early was collected
    assert [p.name for p in drawn_there] == [p.name for p in drawn_here]
    for a, b in zip(drawn_here, drawn_there, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_each_figure_reads_only_the_datasets_it_declares(results):
    assert [name for name, _ in FIGURES] == list(FIGURE_DATASETS)
    for name, make in FIGURES:
        alone = figure_data(results, name)
        assert alone is not None, name
        assert figure_pool.render_figure(alone, make) == figure_pool.render_figure(results, make), name


def test_stages_add_datasets_and_never_replace_one(results):
    seen = {}

    def note(partial):
        for name, dataset in partial.datasets.items():
            assert seen.setdefault(name, dataset) is dataset, name

    final = Simulation(results.scenario).run(on_datasets=note)
    assert set(seen) == set(final.datasets)
    assert {"punctures", "delivery", "healing"} <= set(seen)


def test_the_command_process_draws_no_figure_itself(tmp_path):
    """`needlesim run` hands its figures to workers started before it simulates: the
    process itself never loads matplotlib (where workers can run)."""
    code = ("import sys; from needlesim.cli import main; sys.argv = ['needlesim', 'run', "
            f"'--out', {str(tmp_path / 'r')!r}]; main(); "
            "from needlesim.report.figure_pool import worker_count; "
            "print(worker_count(8) > 0, 'matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    workers, loaded = done.stdout.split()[-2:]
    assert loaded == ("False" if workers == "True" else "True")
    assert len(list((tmp_path / "r").glob("*.png"))) >= 5


def _idle_worker(mask) -> None:
    """A worker initializer that does nothing (the pool's workers then wait for work)."""


@linux_only
def test_a_pool_started_as_an_interrupt_comes_is_stopped(monkeypatch):
    """Ctrl-C held during the forks is raised as the mask is restored: the pool just
    started belongs to nobody yet and must not outlive the call (its workers would hold
    the terminal open after the command ends)."""
    import multiprocessing
    import signal

    real = signal.pthread_sigmask
    raised = []

    def restore_then_interrupt(how, mask):
        previous = real(how, mask)
        if how == signal.SIG_SETMASK and not raised:
            raised.append(True)
            raise KeyboardInterrupt
        return previous

    monkeypatch.setattr(figure_pool.signal, "pthread_sigmask", restore_then_interrupt)
    before = set(multiprocessing.active_children())
    with pytest.raises(KeyboardInterrupt):
        figure_pool._fork_pool(2, _idle_worker, ())
    assert set(multiprocessing.active_children()) == before
