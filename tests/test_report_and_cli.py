import json
import subprocess
import sys

import pytest

from needlesim.cli import main
from needlesim.report import write_report
from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation


@pytest.fixture(scope="module")
def small_results():
    data = {
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 2, "interval_days": 28, "device": "roller",
                     "needle_length_mm": 1.5, "passes": 4, "area_cm2": 10},
    }
    return Simulation(build_scenario(data)).run()


def test_report_folder_holds_data_summary_figures_and_html(small_results, tmp_path):
    out = write_report(small_results, tmp_path / "report")
    names = {p.name for p in out.iterdir()}
    assert {"results.nc", "summary.json", "report.html", "puncture_map.png",
            "channel_depth.png", "barrier_recovery.png"} <= names
    html = (out / "report.html").read_text()
    assert "research and education" in html and "kalluri2011" in html
    # rewriting replaces the folder whole and leaves no staging folders behind
    write_report(small_results, out)
    assert [p.name for p in tmp_path.iterdir()] == ["report"]


def test_failed_report_leaves_nothing_behind(small_results, tmp_path, monkeypatch):
    from needlesim.report import write as writer

    def broken(results):
        raise RuntimeError("figure failed")

    monkeypatch.setattr(writer, "FIGURES", [("broken.png", broken)])
    with pytest.raises(RuntimeError):
        write_report(small_results, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []


def test_cli_json_prints_only_the_summary(tmp_path, capsys):
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        '[patient]\nage_years = 30\nsex = "male"\nfitzpatrick = 2\nsite = "forehead"\n'
        '[protocol]\nsessions = 1\ninterval_days = 28\ndevice = "stamp"\nneedle_length_mm = 0.5\n'
        "area_cm2 = 4\n"
    )
    assert main(["run", str(scenario), "--json", "--out", str(tmp_path / "r")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["channels"]["depth_um_mean"] > 0
    assert (tmp_path / "r" / "summary.json").exists()


def test_cli_bad_input_exits_2_with_the_field_named(tmp_path, capsys):
    scenario = tmp_path / "bad.toml"
    scenario.write_text(
        '[patient]\nage_years = 30\nsex = "male"\nfitzpatrick = 7\nsite = "forehead"\n'
        '[protocol]\nsessions = 1\ninterval_days = 28\ndevice = "pen"\nneedle_length_mm = 0.5\n'
    )
    assert main(["run", str(scenario), "--json", "--out", str(tmp_path / "r")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "patient.fitzpatrick" in captured.err and "6" in captured.err
    assert not (tmp_path / "r").exists()


def test_cli_lists(capsys):
    assert main(["list", "sites"]) == 0
    assert "periorbital" in capsys.readouterr().out
    assert main(["list", "devices"]) == 0
    assert "dermaroller_770um" in capsys.readouterr().out
    assert main(["scenario"]) == 0
    assert "[protocol]" in capsys.readouterr().out


@pytest.mark.slow
def test_default_run_end_to_end(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "needlesim.cli", "run", "--out", str(tmp_path / "r")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "research and education" in done.stdout
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["scenario"] == "default"
    assert summary["channels"]["bleeding"] is True
