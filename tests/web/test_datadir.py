"""The data folder at start-up: staging folders of killed report writes are removed (and
nothing else), and a second server on the same folder is refused in one line, exit 2."""

from __future__ import annotations

import subprocess
import sys

from fastapi.testclient import TestClient
from web_helpers import free_port

from needlesim.web import Settings, create_app

RUN = "0123456789abcdef0123456789abcdef"


def test_start_removes_only_stale_staging_folders(tmp_path):
    from needlesim.folders import make_staging

    settings = Settings.make(tmp_path / "data", workers=0)
    runs = settings.runs_dir
    stale = [make_staging(runs / RUN), make_staging(runs / "another")]
    for folder in stale:
        (folder / "figures").mkdir(parents=True)
        (folder / "results.nc.part").write_text("half written")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not ours")
    kept = [runs / RUN, runs / ".cache", runs / ".notarun.k2j4_x9q", runs / f".{RUN}.toolongsuffix",
            runs / ".needlesim-staging-unmarked.k2j4_x9q"]  # no staging marker: not ours
    for folder in kept:
        folder.mkdir()
    (runs / f".{RUN}.zz99zz99").write_text("a file, not a staging folder")
    (runs / f".{RUN}.ln000000").symlink_to(outside, target_is_directory=True)
    (settings.data_dir / f".{RUN}.k2j4_x9q").mkdir()  # not in runs/: not ours to judge

    with TestClient(create_app(settings)):
        pass
    assert not any(folder.exists() for folder in stale)
    assert all(folder.is_dir() for folder in kept)
    assert (runs / f".{RUN}.zz99zz99").is_file()
    assert (outside / "keep.txt").is_file() and (runs / f".{RUN}.ln000000").is_symlink()
    assert (settings.data_dir / f".{RUN}.k2j4_x9q").is_dir()


def test_second_server_is_refused_in_one_line_with_exit_2(tmp_path):
    settings = Settings.make(tmp_path / "data", workers=0)
    with TestClient(create_app(settings)):  # holds the data folder's lock
        done = subprocess.run(
            [sys.executable, "-m", "needlesim.cli", "serve", "--port", str(free_port()),
             "--data-dir", str(settings.data_dir), "--workers", "0"],
            capture_output=True, text=True, timeout=120,
        )
    assert done.returncode == 2, done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "another needlesim server is using" in lines[0] and str(settings.data_dir) in lines[0]
    assert "Traceback" not in done.stderr
