"""The warm process: it loads and warms the run's machinery once, then forks one child per
command, which runs the command as a fresh process would (same code, same files, same
output), straight into the caller's terminal; the caller gets the exit code."""

from __future__ import annotations

import gc
import multiprocessing
import os
import select
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from needlesim.errors import NeedlesimError
from needlesim.warm import messages, place
from needlesim.warm.client import request

IDLE_MINUTES = 60.0  # a warm process with nothing to do stops after this
POLL_S = 0.5  # how often the loop looks at finished children and the idle time
REQUEST_TIMEOUT_S = 10.0  # a caller that says nothing for this long is dropped
STOP_WAIT_S = 10.0

RunCommand = Callable[[list[str]], int]


class NotStarted(NeedlesimError):
    """The warm process could not start (its reason, and the log to read)."""


def warm_up() -> None:
    """What a run loads and compiles, done once here and inherited by every child: the
    libraries, the compiled kernels of the default scenario, the NetCDF writer, the figure
    makers and matplotlib's fonts."""
    from needlesim.report.write import write_figures
    from needlesim.scenario import default_scenario
    from needlesim.simulation import Simulation

    results = Simulation(default_scenario()).run()
    with tempfile.TemporaryDirectory() as folder:
        results.to_netcdf(Path(folder) / "results.nc")
        results.summary()
        write_figures(results, Path(folder))


def _peer_uid(connection: socket.socket) -> int:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                        struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1]


class WarmProcess:
    """The loop of a warm process listening on ``listener``."""

    def __init__(self, listener: socket.socket, run_command: RunCommand, idle_s: float):
        self.listener, self.run_command, self.idle_s = listener, run_command, idle_s
        self.children: set[int] = set()
        self.served = 0
        self.started = time.time()
        self.code = place.code_fingerprint()
        self.environment = place.environment_fingerprint()

    def serve(self) -> None:
        last = time.monotonic()
        while True:
            self._reap()
            if not self.children and time.monotonic() - last > self.idle_s:
                return
            ready, _, _ = select.select([self.listener], [], [], POLL_S)
            if not ready:
                continue
            connection, _ = self.listener.accept()
            with connection:
                outcome = self._answer(connection)
            if outcome == "stop":
                return
            if outcome == "served":
                last = time.monotonic()  # questions (status) do not keep it awake

    def _reap(self) -> None:
        for pid in list(self.children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.children.discard(pid)

    def status(self) -> dict:
        self._reap()  # a command that just ended is not running
        return {"pid": os.getpid(), "started": self.started, "served": self.served,
                "running": len(self.children), "idle_minutes": self.idle_s / 60,
                "code": self.code, "environment_fingerprint": self.environment}

    def _answer(self, connection: socket.socket) -> str | None:
        connection.settimeout(REQUEST_TIMEOUT_S)
        descriptors: list[int] = []
        try:
            if _peer_uid(connection) != os.getuid():
                return None  # the folder is private; this is a second lock
            message, descriptors = messages.receive(connection, descriptors=True)
            kind = message.get("kind") if isinstance(message, dict) else None
            if kind == "status":
                messages.send(connection, self.status())
            elif kind == "stop":
                messages.send(connection, {"stopping": True})
                return "stop"
            elif kind == "command" and len(descriptors) == 3:
                return self._command(connection, message, descriptors)
        except (OSError, EOFError, ValueError):
            pass  # a caller that went away or sent garbage: the loop goes on
        finally:
            for descriptor in descriptors:
                os.close(descriptor)
        return None

    def _command(self, connection, message: dict, descriptors: list[int]) -> str | None:
        if message.get("code") != self.code:
            messages.send(connection, {"refused": "needlesim changed since the warm process "
                                                  "started; it stops"})
            return "stop"
        if message.get("environment_fingerprint") != self.environment:
            messages.send(connection, {"refused": "another environment"})
            return None
        pid = os.fork()
        if pid == 0:
            self._child(connection, message, descriptors)  # never returns
        self.children.add(pid)
        self.served += 1
        return "served"

    def _child(self, connection: socket.socket, message: dict, descriptors: list[int]):
        code = 1
        try:
            self.listener.close()
            for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
                signal.signal(signum, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            connection.settimeout(None)
            messages.send(connection, {"pid": os.getpid()})
        except OSError:
            os._exit(1)  # the caller gave up waiting and runs the command itself
        try:
            for target, descriptor in enumerate(descriptors):
                os.dup2(descriptor, target)
                os.close(descriptor)
            descriptors.clear()
            sys.stdout.reconfigure(line_buffering=os.isatty(1))  # as Python sets it at start
            os.chdir(message["cwd"])
            os.umask(int(message["umask"]))  # the caller's: new files get its modes
            os.environ.clear()
            os.environ.update(message["environment"])
            sys.argv = ["needlesim", *message["argv"]]
            code = self.run_command(list(message["argv"]))
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code if isinstance(exc.code, int) else (exc.code is not None)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            _stop_own_children()
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            try:
                messages.send(connection, {"exit": int(code)})
            except OSError:
                pass
            os._exit(int(code) & 0xFF)


def _stop_own_children() -> None:
    """Worker processes the command left running (a pool started just as an interrupt
    came): a fresh process would stop them at its exit, but the child ends with os._exit,
    and they would hold the caller's terminal open."""
    for process in multiprocessing.active_children():
        process.kill()
        process.join()


def _bind(path: Path) -> socket.socket:
    """Listen on ``path``; a socket file nobody listens on (a warm process that was killed)
    is replaced."""
    if path.exists():
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
        except OSError:
            path.unlink()
        else:
            raise RuntimeError(f"a warm process already listens on {path}")
        finally:
            probe.close()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(64)
    return listener


def _stop_on_sigterm(signum, frame):
    raise SystemExit(0)


def _daemon(base: Path, ready: int, run_command: RunCommand, idle_s: float) -> None:
    """The warm process itself (a grandchild of the command that started it, in its own
    session): warm up, say ready through the pipe, serve until stopped or idle."""
    path = place.socket_path(base)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    log = os.open(base / "warm.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    os.chdir("/")
    try:
        warm_up()
        if threading.active_count() > 1:  # children are forked: no thread may be running
            raise RuntimeError("the warm-up left threads running")
        listener = _bind(path)
    except BaseException as exc:
        traceback.print_exc()
        os.write(ready, f"failed: {exc}".encode())
        os._exit(1)
    gc.freeze()  # what the warm-up made lives on: children need not walk it
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    os.write(ready, b"ready")
    os.close(ready)
    inode = os.stat(path).st_ino
    try:
        WarmProcess(listener, run_command, idle_s).serve()
    finally:
        listener.close()
        try:
            if os.stat(path).st_ino == inode:  # still ours: not a successor's
                path.unlink()
        except FileNotFoundError:
            pass
    os._exit(0)


def status() -> dict | None:
    """The running warm process's status (pid, start, commands served), or None."""
    answer = request({"kind": "status"})
    return answer if answer and "pid" in answer else None


def start(run_command: RunCommand, idle_minutes: float = IDLE_MINUTES) -> tuple[bool, dict]:
    """Start a warm process unless a current one runs: (started, its status). A stale one
    (needlesim changed) is stopped first. Returns once it is ready to serve."""
    base = place.private_folder(create=True)
    running = status()
    if running is not None:
        if running.get("code") == place.code_fingerprint():
            return False, running
        stop()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the first child: a new session, then the warm process as its child
        try:
            os.close(read)
            os.setsid()
            if os.fork() == 0:
                _daemon(base, write, run_command, idle_minutes * 60)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        said = pipe.read().decode(errors="replace")
    os.waitpid(pid, 0)
    if said != "ready":
        raise NotStarted(f"{said or 'it ended before it was ready'}; see {base / 'warm.log'}")
    return True, status() or {}


def stop() -> bool:
    """Stop the warm process (commands it is running finish); False if none ran."""
    running = status()
    if running is None or request({"kind": "stop"}) is None:
        return False
    deadline = time.monotonic() + STOP_WAIT_S
    while time.monotonic() < deadline:
        try:
            os.kill(int(running["pid"]), 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return True
