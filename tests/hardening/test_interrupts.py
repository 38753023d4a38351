"""Ctrl-C, SIGTERM, a closed pipe, an unwritable folder, too little memory: one line on
stderr, the conventional exit code, no traceback and nothing half-written."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from needlesim.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CLI = [sys.executable, "-m", "needlesim.cli"]


# long enough (12 sessions on the 3D patch: minutes) that a signal after a few seconds
# always lands in the simulation, however fast the machine
LONG_SCENARIO = """
name = "long"
[patient]
age_years = 45
sex = "female"
fitzpatrick = 3
[protocol]
sessions = 12
interval_days = "4 weeks"
device = "pen"
needle_length_mm = 1.5
serum = "vitamin_c"
[transport]
resolution = "patch"
"""


def _interrupt(args, cwd, sig, after_s=None, when=None):
    """Run the CLI, send ``sig`` after ``after_s`` seconds or as soon as ``when()`` holds
    (None when the process ended first); return the exit code and stderr."""
    process = subprocess.Popen(CLI + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    if when is None:
        time.sleep(after_s)
    else:
        while not when() and process.poll() is None:
            time.sleep(0.01)
    if process.poll() is None:
        process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


SIGNALS = [(signal.SIGINT, 130), (signal.SIGTERM, 143)]


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), SIGNALS)
def test_run_interrupted_while_simulating_leaves_nothing(tmp_path, sig, code):
    scenario = tmp_path.parent / f"{tmp_path.name}-long.toml"
    scenario.write_text(LONG_SCENARIO, encoding="utf-8")
    returncode, err = _interrupt(["run", str(scenario), "--out", "report"], tmp_path, sig,
                                 after_s=4.0)
    assert returncode == code, err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert list(tmp_path.iterdir()) == []  # no report, no hidden staging folder


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), SIGNALS)
def test_run_interrupted_while_writing_the_report_leaves_nothing(tmp_path, sig, code):
    # the signal goes out as soon as the report's staging folder appears: the figures are
    # then being drawn (in forked workers where the machine allows)
    returncode, err = _interrupt(["run", "--out", "report"], tmp_path, sig,
                                 when=lambda: any(tmp_path.iterdir()))
    if returncode == 0:
        pytest.skip("the report was written between two looks at its folder")
    assert returncode == code, err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_cohort_interrupted_has_no_traceback(tmp_path):
    returncode, err = _interrupt(["cohort", str(EXAMPLES / "cohort_small.toml"), "--out", "co",
                                  "--workers", "1"], tmp_path, signal.SIGINT, after_s=5.0)
    if returncode == 0:
        pytest.skip("the cohort finished before the signal on this machine")
    assert returncode == 130, err
    assert "Traceback" not in err, err
    out = tmp_path / "co"  # not made yet when the signal comes during a slow start
    assert not [p for p in out.iterdir() if p.name.endswith(".part")] if out.exists() else True


def test_closed_pipe_is_quiet():
    shell = f"{sys.executable} -m needlesim.cli list sources | head -n 1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


@pytest.mark.parametrize("where", ["/proc/self/needlesim-report", "README.md/report"])
def test_unwritable_or_invalid_out_is_one_line_before_any_work(where, capsys, monkeypatch):
    from needlesim import simulation

    def never(self, **kwargs):
        raise AssertionError("the run started although --out cannot be written")

    monkeypatch.setattr(simulation.Simulation, "run", never)
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    assert main(["run", "--out", where]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and where in err and "Traceback" not in err


def test_memory_error_is_one_line_and_leaves_no_folder(tmp_path, monkeypatch, capsys):
    from needlesim import simulation

    def exhausted(self, on_datasets=None):
        raise MemoryError()

    monkeypatch.setattr(simulation.Simulation, "run", exhausted)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--json"]) == 2
    err = capsys.readouterr().err
    assert "out of memory" in err and "protocol.area_cm2" in err
    assert list(tmp_path.iterdir()) == []  # not even the default report folder's parent


class _Finalised:
    """Sends ``signum`` to this process from its finalizer, where Python ignores the
    handler's exception (as it does inside Numba's compiler callbacks)."""

    def __init__(self, signum):
        self.signum = signum

    def __del__(self):
        import os

        os.kill(os.getpid(), self.signum)


@pytest.mark.parametrize(("sig", "code"), SIGNALS)
def test_an_interrupt_python_ignores_still_stops_the_run(tmp_path, monkeypatch, capsys, sig,
                                                         code):
    from needlesim import simulation

    real_run = simulation.Simulation.run

    def run(self, on_datasets=None):
        def relay(partial):
            _Finalised(sig)  # dropped at once: the interrupt is raised in its finalizer
            on_datasets(partial)

        return real_run(self, on_datasets=relay)

    monkeypatch.setattr(simulation.Simulation, "run", run)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--json", "--out", "r"]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ignored" not in err and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("sig", "code"), SIGNALS)
def test_an_interrupt_ignored_while_writing_keeps_the_report_out(tmp_path, monkeypatch, capsys,
                                                                 sig, code):
    from needlesim.report import write as writer

    marked = writer.write_marker

    def marker_then_lost_interrupt(*args, **kwargs):
        result = marked(*args, **kwargs)
        _Finalised(sig)
        return result

    monkeypatch.setattr(writer, "write_marker", marker_then_lost_interrupt)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--json", "--out", "r"]) == code
    assert "Traceback" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no report, no hidden staging folder
