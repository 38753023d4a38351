"""``needlesim report``: render the HTML and PDF report again from a report folder or from
a NetCDF file alone (figures are drawn again from its datasets)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from needlesim.errors import input_error
from needlesim.folders import (
    add_own_files,
    check_output_folder,
    check_own_names,
    is_needlesim_folder,
    write_marker,
)
from needlesim.report.figures import FIGURES
from needlesim.report.schedule import read_schedule_csv, schedule_rows, write_schedule_csv
from needlesim.report.write import SUMMARY_ATTR, write_figures, write_pages


class StoredResults:
    """The datasets of a results.nc file, read back: what the figures need (``results[name]``)."""

    scenario = None

    def __init__(self, nc_path: Path):
        import h5netcdf
        import xarray as xr

        with h5netcdf.File(nc_path, "r") as handle:
            groups = list(handle.groups)
            text = handle.attrs.get(SUMMARY_ATTR)
        self.summary_json = text.decode() if isinstance(text, bytes) else text
        self.datasets = {g: xr.load_dataset(nc_path, group=g, engine="h5netcdf") for g in groups}

    def __getitem__(self, name: str):
        return self.datasets[name]

    def __contains__(self, name: str) -> bool:
        return name in self.datasets


def _summary_of(nc_path: Path, stored: StoredResults | None) -> dict:
    beside = nc_path.parent / "summary.json"
    if stored is not None and stored.summary_json:
        return json.loads(stored.summary_json)
    if beside.is_file():
        return json.loads(beside.read_text(encoding="utf-8"))
    raise input_error("results", str(nc_path), "a results.nc written by needlesim "
                      "(with its summary) or a report folder with summary.json")


PAGES = ["report.html", "report.pdf"]


def _claim(folder: Path, names: list[str]) -> None:
    """Pages and figures go only where needlesim may write them (see needlesim.folders)."""
    if is_needlesim_folder(folder):
        check_own_names(folder, names)
    else:
        check_output_folder(folder)


def _record(folder: Path, written: list[Path]) -> None:
    names = [path.relative_to(folder).as_posix() for path in written]
    if is_needlesim_folder(folder):
        add_own_files(folder, names)
    else:
        write_marker(folder, "report")


def rerender_folder(folder: Path, pdf: bool = True) -> list[Path]:
    _claim(folder, PAGES)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    figure_files = [folder / name for name, _ in FIGURES if (folder / name).is_file()]
    written = write_pages(folder, summary, figure_files, read_schedule_csv(folder / "schedule.csv"),
                          pdf=pdf)
    _record(folder, written)
    return written


def rerender_netcdf(nc_path: Path, out_dir: Path, pdf: bool = True) -> list[Path]:
    try:
        stored = StoredResults(nc_path)
    except OSError as exc:
        raise input_error("results", str(nc_path), f"a readable NetCDF-4 file ({exc})") from None
    summary = _summary_of(nc_path, stored)
    _claim(out_dir, PAGES + ["schedule.csv"] + [name for name, _ in FIGURES])
    out_dir.mkdir(parents=True, exist_ok=True)
    figure_files = []
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".figures.") as scratch:
        for name, make in FIGURES:
            try:  # a figure that needs more than the datasets (e.g. the scenario) is left out
                paths = write_figures(stored, Path(scratch), [(name, make)])
            except (AttributeError, KeyError, TypeError):
                continue
            for path in paths:
                path.replace(out_dir / path.name)
                figure_files.append(out_dir / path.name)
    schedule = schedule_rows(stored) if "sessions" in stored else []
    if schedule:
        write_schedule_csv(schedule, out_dir / "schedule.csv")
    written = write_pages(out_dir, summary, figure_files, schedule, pdf=pdf)
    _record(out_dir, figure_files + ([out_dir / "schedule.csv"] if schedule else []) + written)
    return written


def rerender(path: str | Path, out_dir: str | Path | None = None, pdf: bool = True) -> list[Path]:
    """Report pages for a report folder (in place) or a results.nc (in out_dir; by default
    beside it when it lies in a folder needlesim wrote, else in a new ``<name>-report``
    folder beside it)."""
    path = Path(path)
    if path.is_dir() and (path / "summary.json").is_file() and out_dir is None:
        return rerender_folder(path, pdf)
    if path.is_dir():
        path = path / "results.nc"
    if not path.is_file():
        raise input_error("results", str(path), "a report folder or a results.nc file")
    if out_dir is None:
        beside = is_needlesim_folder(path.parent)
        out_dir = path.parent if beside else path.parent / f"{path.stem}-report"
    return rerender_netcdf(path, Path(out_dir), pdf)
