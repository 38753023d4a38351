"""A user's files survive every way of pointing needlesim at them."""

import os
import subprocess
import sys

import pytest

from needlesim.cli import main
from needlesim.errors import InputError
from needlesim.folders import (
    MARKER,
    STAGING_PREFIX,
    check_output_folder,
    make_staging,
    remove_stale_staging,
)
from needlesim.report import write_report
from needlesim.scenario import build_scenario, default_scenario_text
from needlesim.simulation import Simulation

TINY = {
    "name": "tiny",
    "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 2, "site": "cheek"},
    "protocol": {"sessions": 1, "interval_days": 28, "device": "stamp", "needle_length_mm": 0.5,
                 "passes": 1, "area_cm2": 1},
}


@pytest.fixture(scope="module")
def tiny_results():
    return Simulation(build_scenario(TINY)).run()


def _user_folder(path):
    path.mkdir(exist_ok=True)
    (path / "notes.txt").write_text("keep")
    (path / "s.toml").write_text(default_scenario_text())
    return {p.name: p.read_bytes() for p in path.iterdir()}


def _unchanged(path, before):
    assert {p.name: p.read_bytes() for p in path.iterdir()} == before


def test_out_dot_in_a_users_folder_is_refused_and_nothing_is_touched(tmp_path, capsys, monkeypatch):
    before = _user_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "s.toml", "--out", "."]) == 2
    error = capsys.readouterr().err
    assert "--out" in error and str(tmp_path) in error and "new folder" in error
    _unchanged(tmp_path, before)


def test_out_naming_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "f.txt"
    target.write_text("mine")
    assert main(["run", "--out", str(target)]) == 2
    assert "file" in capsys.readouterr().err
    assert target.read_text() == "mine"


def test_force_never_replaces_a_folder_needlesim_did_not_write(tmp_path, capsys):
    before = _user_folder(tmp_path)
    assert main(["run", "--out", str(tmp_path), "--force"]) == 2
    _unchanged(tmp_path, before)


def test_scenario_named_dot_dot_cannot_reach_the_working_folder(tmp_path):
    before = _user_folder(tmp_path)
    (tmp_path / "s.toml").write_text('name = ".."\n' + default_scenario_text().replace(
        'name = "default"\n', ""))
    before["s.toml"] = (tmp_path / "s.toml").read_bytes()
    done = subprocess.run([sys.executable, "-m", "needlesim.cli", "run", "s.toml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "name" in done.stderr
    _unchanged(tmp_path, before)


def test_symbolic_link_is_refused(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(InputError, match="symbolic link"):
        check_output_folder(tmp_path / "link")


def test_new_and_empty_folders_are_accepted(tmp_path):
    assert check_output_folder(tmp_path) == tmp_path  # empty
    assert check_output_folder(tmp_path / "a" / "b") == tmp_path / "a" / "b"


def test_own_report_is_replaced_and_a_users_file_in_it_needs_force_and_survives(tiny_results, tmp_path):
    out = write_report(tiny_results, tmp_path / "report")
    assert (out / MARKER).is_file()
    write_report(tiny_results, out)  # nothing but needlesim's files: replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    (out / "my notes.txt").write_text("keep")
    (out / "mine").mkdir()
    (out / "mine" / "data.csv").write_text("1,2")
    with pytest.raises(InputError, match="my notes.txt"):
        write_report(tiny_results, out)
    write_report(tiny_results, out, force=True)
    assert (out / "my notes.txt").read_text() == "keep"
    assert (out / "mine" / "data.csv").read_text() == "1,2"
    assert (out / "report.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no staging left


def test_a_file_a_user_put_where_needlesim_now_writes_is_kept_beside_it(tiny_results, tmp_path):
    out = write_report(tiny_results, tmp_path / "report")
    (out / "report.pdf").write_text("my own pdf")  # needlesim wrote no PDF here
    write_report(tiny_results, out, pdf=True, force=True)
    assert (out / "report.pdf.yours").read_text() == "my own pdf"
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"


def test_rerender_never_overwrites_pages_beside_a_foreign_netcdf(tiny_results, tmp_path):
    out = write_report(tiny_results, tmp_path / "report")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "results.nc").write_bytes((out / "results.nc").read_bytes())
    (mine / "report.html").write_text("my page")
    assert main(["report", str(mine / "results.nc"), "--no-pdf"]) == 0
    assert (mine / "report.html").read_text() == "my page"
    assert (mine / "results-report" / "report.html").is_file()


def test_stale_staging_is_removed_and_look_alikes_are_not(tmp_path):
    stale = make_staging(tmp_path / "report")
    (stale / "results.nc").write_text("half")
    look_alike = tmp_path / (STAGING_PREFIX + "mine")
    look_alike.mkdir()
    (look_alike / "keep.txt").write_text("keep")
    hidden = tmp_path / ".report.abcd"
    hidden.mkdir()
    assert remove_stale_staging(tmp_path) == [stale]
    assert look_alike.is_dir() and hidden.is_dir()


def test_failed_write_leaves_the_previous_report_whole(tiny_results, tmp_path, monkeypatch):
    from needlesim.report import write as writer

    out = write_report(tiny_results, tmp_path / "report")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(results):
        raise RuntimeError("figure failed")

    monkeypatch.setattr(writer, "FIGURES", [("broken.png", broken)])
    with pytest.raises(RuntimeError):
        write_report(tiny_results, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_cohort_refuses_a_users_folder_before_any_work(tmp_path, capsys):
    before = _user_folder(tmp_path)
    cohort = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "cohort_small.toml")
    assert main(["cohort", cohort, "--out", str(tmp_path), "--workers", "0"]) == 2
    assert "--out" in capsys.readouterr().err
    _unchanged(tmp_path, before)
