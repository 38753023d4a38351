"""A finished run's files: figures, chart series, schedule, NetCDF data, HTML and PDF report.

Every path is built from a validated run id and a name from a fixed list (or a validated
figure name), then resolved and checked to lie inside the data folder.
"""

from __future__ import annotations

import csv
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

from needlesim.web.models import ERRORS, FIGURE_NAME, Chart, Figure
from needlesim.web.routes_runs import RunId, done_or_409

router = APIRouter(prefix="/api/runs", tags=["files"])
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def run_file(request: Request, run_id: str, name: str) -> FilePath:
    done_or_409(request, run_id)
    base = request.app.state.settings.runs_dir.resolve()
    path = (base / run_id / name).resolve()
    if not path.is_relative_to(base / run_id) or not path.is_file():
        raise HTTPException(404, f"run {run_id} has no file {name}")
    return path


def _file(request, run_id, name, media_type, download_name=None, headers=None):
    path = run_file(request, run_id, name)
    return FileResponse(path, media_type=media_type, filename=download_name, headers=headers,
                        content_disposition_type="attachment" if download_name else "inline")


@router.get("/{run_id}/figures", response_model=list[Figure], responses=ERRORS)
def figures(request: Request, run_id: RunId):
    """The run's figures (PNG), in report order."""
    from needlesim.report.figures import FIGURES

    folder = run_file(request, run_id, "summary.json").parent
    names = [name for name, _ in FIGURES if (folder / name).is_file()]
    return [Figure(name=n, url=f"/api/runs/{run_id}/figures/{n}") for n in names]


@router.get("/{run_id}/figures/{name}", responses={**ERRORS, 200: {"content": {"image/png": {}}}})
def figure(request: Request, run_id: RunId,
           name: Annotated[str, Path(pattern=FIGURE_NAME, description="e.g. puncture_map.png")]):
    return _file(request, run_id, name, "image/png")


@router.get("/{run_id}/series", response_model=list[Chart], responses=ERRORS)
def series(request: Request, run_id: RunId):
    """The run's time series for interactive charts (collagen and elastin with their 5-95 %
    band, skin quality, redness, barrier, serum delivery, channel depth), read from its data."""
    from needlesim.web.series import charts

    return charts(run_file(request, run_id, "results.nc"))


@router.get("/{run_id}/schedule", responses=ERRORS)
def schedule(request: Request, run_id: RunId) -> list[dict[str, str]]:
    """The sessions as they were simulated: day, device, needle length, passes, ..."""
    with run_file(request, run_id, "schedule.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@router.get("/{run_id}/schedule.csv", responses={**ERRORS, 200: {"content": {"text/csv": {}}}})
def schedule_csv(request: Request, run_id: RunId):
    return _file(request, run_id, "schedule.csv", "text/csv", f"schedule-{run_id}.csv")


@router.get("/{run_id}/data.nc",
            responses={**ERRORS, 200: {"content": {"application/x-netcdf": {}}}})
def data(request: Request, run_id: RunId):
    """Every dataset of the run in one NetCDF-4 file (one group each)."""
    return _file(request, run_id, "results.nc", "application/x-netcdf", f"needlesim-{run_id}.nc")


@router.get("/{run_id}/report.html", responses={**ERRORS, 200: {"content": {"text/html": {}}}})
def report_html(request: Request, run_id: RunId, download: bool = False):
    """The self-contained HTML report (figures embedded)."""
    name = f"needlesim-report-{run_id}.html" if download else None
    return _file(request, run_id, "report.html", "text/html", name,
                 headers={"Content-Security-Policy": REPORT_CSP})


@router.get("/{run_id}/report.pdf",
            responses={**ERRORS, 200: {"content": {"application/pdf": {}}}})
def report_pdf(request: Request, run_id: RunId, download: bool = False):
    """The report as PDF: a summary page, then the figures."""
    name = f"needlesim-report-{run_id}.pdf" if download else None
    return _file(request, run_id, "report.pdf", "application/pdf", name)
