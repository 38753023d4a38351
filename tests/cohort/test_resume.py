"""Kill a real ``needlesim cohort`` process half-way, resume it, and lose nothing."""

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest


def _toml(data: dict) -> str:
    lines = [f'name = "{data["name"]}"', f"seed = {data['seed']}", f"patients = {data['patients']}"]
    def value(v):
        return json.dumps(v) if not isinstance(v, dict) else "{ " + ", ".join(
            f"{k} = {value(x)}" for k, x in v.items()) + " }"
    for table in ("population", "parameters", "output", "run"):
        lines.append(f"[{table}]")
        lines += [f"{k} = {value(v)}" for k, v in data[table].items()]
    for arm in data["arms"]:
        lines += ["[[arms]]", f'name = "{arm["name"]}"', "[arms.protocol]"]
        lines += [f"{k} = {value(v)}" for k, v in arm["protocol"].items()]
    return "\n".join(lines) + "\n"


def _command(path, out, *extra):
    return [sys.executable, "-m", "needlesim.cli", "cohort", str(path), "--out", str(out),
            "--workers", "1", "--quiet", *extra]


@pytest.mark.slow
def test_kill_half_way_then_resume(tmp_path, reference_table, make_tiny):
    path = tmp_path / "tiny.toml"
    # more chunks than the reference has: a chunk now takes ~0.1 s, so the kill must have
    # plenty of chunks left to land in; patients 0-7 are the reference's (per-patient draws)
    path.write_text(_toml(make_tiny(patients=40, chunk_size=2)))
    out = tmp_path / "out"
    process = subprocess.Popen(_command(path, out), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    chunks = out / "chunks"
    deadline = time.time() + 120
    try:
        while time.time() < deadline and len(list(chunks.glob("chunk-*.parquet"))) < 2:
            time.sleep(0.05)
        finished = len(list(chunks.glob("chunk-*.parquet")))
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the run and its Dask workers
        process.wait()
    assert 2 <= finished < 20, "the kill should land half-way"
    assert not (out / "patients.parquet").exists()
    before = {p.name: p.stat().st_mtime_ns for p in chunks.glob("chunk-*.parquet")}

    done = subprocess.run(_command(path, out, "--resume"), capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    for name, mtime in before.items():  # finished chunks were kept, not recomputed
        assert (chunks / name).stat().st_mtime_ns == mtime
    table = pd.read_parquet(out / "patients.parquet")
    assert not table.duplicated(["patient", "arm", "day"]).any()
    assert sorted(table.patient.unique()) == list(range(40))
    first = table[table.patient < 8].reset_index(drop=True)
    pd.testing.assert_frame_equal(first[reference_table.columns], reference_table)


def test_resume_refuses_checkpoints_of_another_file(tmp_path, tiny_spec):
    from needlesim.cohort.checkpoint import Checkpoints
    from needlesim.errors import InputError

    Checkpoints(tmp_path / "chunks", "aaaa", resume=False)
    with pytest.raises(InputError, match="resume"):
        Checkpoints(tmp_path / "chunks", "bbbb", resume=True)
