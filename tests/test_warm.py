"""The warm process (`needlesim warm start`): commands it runs write what a cold run
writes, exit as a cold run exits, and stop on Ctrl-C; it refuses what it must not serve."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from needlesim.warm import client, messages, place
from needlesim.warm.server import WarmProcess

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the warm process forks (Linux)")

CLI = [sys.executable, "-m", "needlesim.cli"]


def _environment(folder) -> dict:
    return {**os.environ, place.FOLDER_VARIABLE: str(folder)}


def _cli(args, folder, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=_environment(folder), capture_output=True,
                          text=True, timeout=300, **kwargs)


def _status(folder) -> dict | None:
    done = _cli(["warm", "status"], folder)
    assert done.returncode == 0, done.stderr
    if done.stdout.startswith("no needlesim warm process"):
        return None
    served = int(done.stdout.split(" commands served")[0].rsplit(" ", 1)[1])
    return {"served": served, "text": done.stdout}


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    folder.chmod(0o700)
    started = _cli(["warm", "start", "--idle-minutes", "10"], folder)
    assert started.returncode == 0, started.stderr + (folder / "warm.log").read_text()
    assert "started" in started.stdout
    yield folder
    _cli(["warm", "stop"], folder)


def test_a_run_in_the_warm_process_writes_what_a_cold_run_writes(warm, tmp_path):
    before = _status(warm)["served"]
    hot = _cli(["run", "--out", str(tmp_path / "hot")], warm)
    assert hot.returncode == 0, hot.stderr
    assert _status(warm)["served"] == before + 1  # it was the warm process's
    cold = _cli(["run", "--out", str(tmp_path / "cold")], tmp_path / "no-warm-process")
    assert cold.returncode == 0, cold.stderr
    assert hot.stdout.replace("hot", "cold") == cold.stdout
    for name in ("results.nc", "summary.json", "schedule.csv"):
        assert (tmp_path / "hot" / name).read_bytes() == (tmp_path / "cold" / name).read_bytes()
    assert (sorted(p.name for p in (tmp_path / "hot").iterdir())
            == sorted(p.name for p in (tmp_path / "cold").iterdir()))


def test_relative_paths_are_the_callers(warm, tmp_path):
    done = _cli(["run", "--json", "--out", "here"], warm, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scenario"] == "default"
    assert (tmp_path / "here" / "results.nc").is_file()


def test_files_get_the_modes_of_the_callers_umask(warm, tmp_path):
    def modes(folder):
        return {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()}

    def narrow():
        os.umask(0o027)

    hot = _cli(["run", "--json", "--out", str(tmp_path / "hot")], warm, preexec_fn=narrow)
    cold = _cli(["run", "--json", "--out", str(tmp_path / "cold")], tmp_path / "none",
                preexec_fn=narrow)
    assert hot.returncode == cold.returncode == 0, hot.stderr + cold.stderr
    assert modes(tmp_path / "hot") == modes(tmp_path / "cold")
    assert modes(tmp_path / "hot")["summary.json"] == 0o640


def test_bad_input_exits_2_naming_the_field(warm, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[patient]\nage_years = 300\nsex = 'female'\nfitzpatrick = 2\n")
    done = _cli(["run", str(bad), "--out", str(tmp_path / "r")], warm)
    assert done.returncode == 2
    assert "patient.age_years" in done.stderr and "300" in done.stderr
    assert not (tmp_path / "r").exists()
    usage = _cli(["run", "--no-such-option"], warm)
    assert usage.returncode == 2 and "unrecognized arguments" in usage.stderr


def test_ctrl_c_stops_the_run_in_the_warm_process(warm, tmp_path):
    before = _status(warm)["served"]
    out = tmp_path / "r"
    command = subprocess.Popen([*CLI, "run", "--out", str(out)], env=_environment(warm),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _status(warm)["served"] == before and time.monotonic() < deadline:
        time.sleep(0.05)  # handed over: the child runs
    command.send_signal(signal.SIGINT)
    _, stderr = command.communicate(timeout=120)
    assert command.returncode == 128 + signal.SIGINT, stderr
    assert "interrupted" in stderr
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_another_environment_runs_cold(warm, tmp_path):
    before = _status(warm)["served"]
    environment = {**_environment(warm), "NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    done = subprocess.run([*CLI, "run", "--json", "--out", str(tmp_path / "r")],
                          env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _status(warm)["served"] == before  # refused: run by the caller itself


def test_a_folder_others_may_write_is_refused(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    done = _cli(["warm", "start"], folder)
    assert done.returncode == 2
    assert place.FOLDER_VARIABLE in done.stderr and "mode 700" in done.stderr
    assert not list(folder.iterdir())


@pytest.mark.parametrize("minutes", ["0", "-1", "nan", "1e9"])
def test_idle_minutes_out_of_range_exit_2(tmp_path, minutes):
    done = _cli(["warm", "start", "--idle-minutes", minutes], tmp_path)
    assert done.returncode == 2
    assert "--idle-minutes" in done.stderr and "[min]" in done.stderr


def test_an_idle_warm_process_stops_and_removes_its_socket(tmp_path):
    folder = tmp_path / "idle"
    folder.mkdir(mode=0o700)
    started = _cli(["warm", "start", "--idle-minutes", "0.02"], folder)
    assert started.returncode == 0, started.stderr
    deadline = time.monotonic() + 30
    while _status(folder) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _status(folder) is None
    assert not list(folder.glob("*.sock"))


def test_a_killed_warm_process_leaves_commands_running_cold_and_is_replaced(tmp_path):
    folder = tmp_path / "killed"
    folder.mkdir(mode=0o700)
    assert _cli(["warm", "start", "--idle-minutes", "5"], folder).returncode == 0
    pid = int(_status(folder)["text"].split("pid ")[1].split(",")[0])
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _status(folder) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.glob("*.sock"))  # left behind, nobody listening
    done = _cli(["run", "--json", "--out", str(tmp_path / "r")], folder)
    assert done.returncode == 0, done.stderr
    again = _cli(["warm", "start", "--idle-minutes", "5"], folder)
    try:
        assert again.returncode == 0 and "started" in again.stdout, again.stderr
    finally:
        _cli(["warm", "stop"], folder)


@pytest.mark.slow  # the start first waits out the silent listener (10 s), then warms up
def test_a_warm_process_that_cannot_start_says_why_in_one_line(tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir(mode=0o700)
    environment = _environment(folder)
    taken = subprocess.run(
        [sys.executable, "-c", "from needlesim.warm import place; "
                               "print(place.socket_path(place.folder()))"],
        env=environment, capture_output=True, text=True, check=True).stdout.strip()
    mute = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with mute:
        mute.bind(taken)
        mute.listen(1)  # someone else's listener: status gets no answer, the bind fails
        done = _cli(["warm", "start"], folder)
    assert done.returncode == 1
    assert done.stderr.startswith("needlesim: no warm process started: ")
    assert "already listens" in done.stderr and "warm.log" in done.stderr
    assert "Traceback" not in done.stderr


def _answer(process: WarmProcess, message: dict) -> tuple[dict, str | None]:
    """Hand ``message`` to the warm process's answer over a socket pair."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with ours, theirs:
        reading, writing = os.pipe()
        try:
            messages.send(ours, message, [reading, writing, writing])
            outcome = process._answer(theirs)
            return messages.receive(ours)[0], outcome
        finally:
            os.close(reading)
            os.close(writing)


def test_a_command_from_other_needlesim_files_is_refused_and_the_process_stops():
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with listener:
        process = WarmProcess(listener, run_command=lambda argv: 0, idle_s=60)
        command = {"kind": "command", "argv": ["run"], "cwd": "/", "environment": {},
                   "code": "0" * 64, "environment_fingerprint": process.environment}
        answer, outcome = _answer(process, command)
        assert "refused" in answer and "changed" in answer["refused"]
        assert outcome == "stop" and process.served == 0
        status, outcome = _answer(process, {"kind": "status"})
        assert status["pid"] == os.getpid() and outcome is None


def test_a_warm_process_that_does_not_answer_is_left_alone(tmp_path, monkeypatch):
    folder = tmp_path / "mute"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv(place.FOLDER_VARIABLE, str(folder))
    monkeypatch.setattr(client, "ANSWER_TIMEOUT_S", 0.3)
    mute = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with mute:
        mute.bind(str(place.socket_path(folder)))
        mute.listen(1)  # connections wait in the backlog: nobody answers
        started = time.monotonic()
        assert client.forward(["run"]) is None  # the caller runs the command itself
        assert client.request({"kind": "status"}) is None
        assert time.monotonic() - started < 5


def test_garbage_from_a_caller_leaves_the_warm_process_serving():
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with listener:
        process = WarmProcess(listener, run_command=lambda argv: 0, idle_s=60)
        for garbage in (b"\x00\x00\x00\x02[]", b"\x00\x00\x00\x03{{{", b"\xff\xff\xff\xff"):
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            with ours, theirs:
                ours.sendall(garbage)
                ours.shutdown(socket.SHUT_WR)
                assert process._answer(theirs) is None
        status, _ = _answer(process, {"kind": "status"})
        assert status["served"] == 0


def test_messages_carry_descriptors_and_long_bodies():
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    reading, writing = os.pipe()
    with ours, theirs:
        body = {"environment": {f"V{i}": "x" * 100 for i in range(20000)}}  # 2 MB
        sender = threading.Thread(target=messages.send, args=(ours, body, [writing]))
        sender.start()  # more than the socket holds: read while it is sent
        got, descriptors = messages.receive(theirs, descriptors=True)
        sender.join()
        assert got == body and len(descriptors) == 1
        os.write(descriptors[0], b"through")
        assert os.read(reading, 7) == b"through"
        for descriptor in (*descriptors, reading, writing):
            os.close(descriptor)


def test_the_needlesim_script_and_python_m_share_one_warm_process(warm, tmp_path):
    script = os.path.join(os.path.dirname(sys.executable), "needlesim")
    if not os.path.exists(script):
        pytest.skip("no needlesim script beside this interpreter")
    before = _status(warm)["served"]
    done = subprocess.run([script, "run", "--json", "--out", str(tmp_path / "r")],
                          env=_environment(warm), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _status(warm)["served"] == before + 1
