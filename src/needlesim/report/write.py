"""Write a report folder atomically: NetCDF data, summary JSON, PNG figures, schedule CSV,
HTML page (and, on request, a PDF)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from needlesim.folders import (
    check_output_folder,
    discard_staging,
    make_staging,
    swap_in,
    write_marker,
)
from needlesim.interrupts import checkpoint, signals_held
from needlesim.lazy import lazy_attributes
from needlesim.report.captions import CAPTIONS
from needlesim.report.figure_pool import FigureJob, FigureWorkers, draw_figure
from needlesim.report.html import render, summary_rows
from needlesim.report.schedule import schedule_rows, write_schedule_csv
from needlesim.report.warnings import report_aftercare, report_warnings

SUMMARY_ATTR = "needlesim_summary_json"  # the summary, kept in the NetCDF file's root

# FIGURES on first use: the figure makers load matplotlib, which a process whose figures
# are drawn by workers (figure_pool.py) never needs
__getattr__, __dir__ = lazy_attributes(__name__, {"FIGURES": "needlesim.report.figures"})


def _figures() -> list:
    return sys.modules[__name__].FIGURES


def figure_workers() -> FigureWorkers:
    """Workers for a report's figures, started now (use before the simulation: they load
    matplotlib meanwhile); one caption per figure gives their count without the makers."""
    return FigureWorkers(len(CAPTIONS))


def write_pages(folder: Path, summary: dict, figure_files: list[Path], schedule: list[dict],
                pdf: bool = False) -> list[Path]:
    """report.html (and report.pdf) in ``folder`` from what a report folder holds."""
    citations = summary.get("provenance", {}).get("citations", [])
    warnings, aftercare = report_warnings(summary), report_aftercare(summary)
    page = render(summary, figure_files, citations, warnings, schedule, aftercare)
    written = [folder / "report.html"]
    temporary = folder / ".report.html.part"
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(written[0])
    if pdf:
        from needlesim.report.pdf import write_pdf  # matplotlib's PDF backend: for a PDF only

        title = f"needlesim report: {summary.get('scenario')}"
        written.append(write_pdf(folder / "report.pdf", title, summary_rows(summary), warnings,
                                 schedule, citations, figure_files, aftercare))
    return written


def _keep_summary(nc_path: Path, summary: dict) -> None:
    import h5netcdf

    with h5netcdf.File(nc_path, "a") as handle:
        handle.attrs[SUMMARY_ATTR] = json.dumps(summary, allow_nan=False)


def write_figures(results, folder: Path, figures=None) -> list[Path]:
    """The figures (all of a report by default) drawn here, one after the other."""
    drawn = [draw_figure(results, folder, name, make)
             for name, make in (_figures() if figures is None else figures)]
    return [path for path in drawn if path is not None]


def write_report(results, out_dir: str | Path, pdf: bool = False, force: bool = False,
                 workers: FigureWorkers | None = None) -> Path:
    """Write everything into a staging folder beside ``out_dir``, then swap it in, so a
    failure never leaves a half-written report. ``out_dir`` must be new, empty or a report
    needlesim wrote (see :mod:`needlesim.folders`): a user's files are never replaced.
    ``workers`` (from :func:`figure_workers`) draw the figures if given."""
    out_dir = check_output_folder(out_dir, force=force)
    given = workers is not None and workers.pool is not None
    staging = figures = None
    try:
        with signals_held():  # an interrupt while these are made waits for the clean-up below
            staging = make_staging(out_dir)
            figures = FigureJob(results, staging, None if given else _figures(),
                                workers if given else None)
        figures.start()  # drawn in worker processes, where it can, while this one writes
        results.to_netcdf(staging / "results.nc")
        summary = results.summary()
        _keep_summary(staging / "results.nc", summary)
        (staging / "summary.json").write_text(json.dumps(summary, indent=2, allow_nan=False))
        schedule = schedule_rows(results)
        write_schedule_csv(schedule, staging / "schedule.csv")
        figure_files = figures.files()
        write_pages(staging, summary, figure_files, schedule, pdf=pdf)
        write_marker(staging, "report")
        checkpoint()  # an interrupt lost on the way: the report does not land
        return swap_in(staging, out_dir, force=force)
    except BaseException:
        if figures is not None:
            figures.close()
        if staging is not None:
            discard_staging(staging)
        raise
