"""Every bad scenario of the catalogue stops `needlesim run` with exit status 2 and a message
naming the field, before anything is simulated or written.

tests/data/bad_scenarios/expected.csv lists each file with the field its message must name
(``<file>`` stands for the file's own path: TOML that cannot be parsed) and a fragment of
what it must say. Files that cannot be stored as plain text (a folder, an unreadable
file, TOML nested deeper than the parser's stack) are made here.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from needlesim.cli import main

BAD = Path(__file__).parent / "data" / "bad_scenarios"
ROWS = list(csv.DictReader((BAD / "expected.csv").open(encoding="utf-8")))


@pytest.fixture(autouse=True)
def _no_simulation(monkeypatch):
    """A file that loads by mistake fails at once instead of running a slow simulation."""

    def refuse(*args, **kwargs):
        raise AssertionError("the scenario loaded: it is not bad")

    monkeypatch.setattr("needlesim.simulation.Simulation", refuse)


def run_refused(path: Path, out: Path, capsys) -> str:
    assert main(["run", str(path), "--out", str(out)]) == 2
    assert not out.exists()
    return capsys.readouterr().err


def test_the_catalogue_is_complete():
    files = {p.name for p in BAD.iterdir() if p.suffix == ".toml"}
    assert files == {row["file"] for row in ROWS}
    assert len(ROWS) >= 60


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_bad_file_names_its_field(row, tmp_path, capsys):
    path = BAD / row["file"]
    error = run_refused(path, tmp_path / "out", capsys)
    field = row["field"].replace("<file>", str(path))
    assert f"\n{field}: got" in error, error
    assert row["fragment"] in error, error


def test_a_folder_is_not_a_scenario(tmp_path, capsys):
    folder = tmp_path / "scenario.toml"
    folder.mkdir()
    error = run_refused(folder, tmp_path / "out", capsys)
    assert "scenario file" in error and "folder" in error


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path, capsys):
    path = tmp_path / "secret.toml"
    path.write_text((BAD / "empty.toml").read_text())
    path.chmod(0)
    error = run_refused(path, tmp_path / "out", capsys)
    assert "scenario file" in error and "readable" in error


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a = ", "}")])
def test_nesting_deeper_than_the_parser_can_go(opening, closing, tmp_path, capsys):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + opening * 50_000 + "1" * (opening != "[") + closing * 50_000)
    error = run_refused(path, tmp_path / "out", capsys)
    assert f"{path}: got 'TOML text'" in error and "nested" in error


@pytest.mark.parametrize("file", ["name_dot_dot.toml", "latin1.toml", "deep_arrays.toml"])
def test_the_command_exits_2_without_a_traceback(file, tmp_path):
    """The installed command, end to end, in a fresh process."""
    row = next(r for r in ROWS if r["file"] == file)
    path = BAD / file
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "needlesim.cli", "run", str(path), "--out",
                           str(out)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert row["field"].replace("<file>", str(path)) in done.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []
