"""``needlesim report``: HTML and PDF again from a report folder, or from results.nc alone."""

from __future__ import annotations

import shutil

from needlesim import RESEARCH_USE
from needlesim.cli import main


def run_folder(finished):
    client, run_id = finished
    return client.app.state.settings.runs_dir / run_id


def test_report_from_a_folder(finished, capsys):
    folder = run_folder(finished)
    (folder / "report.pdf").unlink()
    assert main(["report", str(folder)]) == 0
    assert str(folder / "report.pdf") in capsys.readouterr().out
    page = (folder / "report.html").read_text()
    assert RESEARCH_USE in page and "Warnings" in page and "Granuloma warning" in page
    assert "Sources used by this run" in page and "<li>[" in page
    assert (folder / "report.pdf").read_bytes()[:5] == b"%PDF-"


def test_report_from_netcdf_alone_draws_the_figures_again(finished, tmp_path):
    nc = tmp_path / "only" / "results.nc"
    nc.parent.mkdir()
    shutil.copy(run_folder(finished) / "results.nc", nc)
    out = tmp_path / "out"
    assert main(["report", str(nc), "--out", str(out)]) == 0
    assert {"puncture_map.png", "channel_depth.png", "barrier_recovery.png"} <= {
        p.name for p in out.glob("*.png")}
    page = (out / "report.html").read_text()
    assert RESEARCH_USE in page and "Schedule" in page and "density_per_cm2" in page
    assert (out / "report.pdf").stat().st_size > 10_000


def test_report_of_nothing_is_an_input_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "results" in capsys.readouterr().err
