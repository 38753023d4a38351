"""A command handed to the warm process: its command line, folder, environment and
terminal go over; the exit code comes back. Ctrl-C and termination requests are passed on
to the child that runs it."""

from __future__ import annotations

import os
import signal
import socket
import sys

from needlesim.errors import InputError
from needlesim.warm import messages, place

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
LOST = 1  # the child ended without an exit code (killed): reported as a failure
# A warm process forks the child at once; one that does not answer in this time (stopped,
# swamped) is left alone and the command runs here. Its child, if it comes, finds the
# connection closed and ends before it runs anything.
ANSWER_TIMEOUT_S = 10.0


def _connect() -> socket.socket | None:
    try:
        base = place.private_folder()
    except InputError:
        return None  # an unsafe folder: run cold (`needlesim warm start` names the problem)
    if base is None:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(place.socket_path(base)))
    except OSError:
        connection.close()
        return None  # none listening
    return connection


def _standard_streams_open() -> bool:
    try:
        for descriptor in (0, 1, 2):
            os.fstat(descriptor)
    except OSError:
        return False
    return True


def _umask() -> int:
    mask = os.umask(0o077)  # reading it sets it: set it back at once
    os.umask(mask)
    return mask


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass  # it has just ended: its exit code is on its way


def request(message: dict) -> dict | None:
    """One question to the warm process (status, stop) and its answer; None if none runs."""
    connection = _connect()
    if connection is None:
        return None
    with connection:
        try:
            connection.settimeout(ANSWER_TIMEOUT_S)
            messages.send(connection, message)
            return messages.receive(connection)[0]
        except (OSError, EOFError, ValueError):
            return None


def forward(argv: list[str]) -> int | None:
    """Run ``needlesim argv`` in the warm process and return its exit code; None when no warm
    process can run it (none runs, it is stale, or the environment differs): the caller
    runs the command itself."""
    if not _standard_streams_open():
        return None
    connection = _connect()
    if connection is None:
        return None
    child: list[int] = []
    pending: list[int] = []

    def pass_on(signum, frame):
        if child:
            _signal(child[0], signum)
        else:
            pending.append(signum)  # the child is being started: passed on once it is

    previous = {signum: signal.signal(signum, pass_on) for signum in FORWARDED}
    try:
        with connection:
            try:
                connection.settimeout(ANSWER_TIMEOUT_S)
                messages.send(connection, {
                    "kind": "command", "argv": argv, "cwd": os.getcwd(), "umask": _umask(),
                    "environment": dict(os.environ),
                    "code": place.code_fingerprint(),
                    "environment_fingerprint": place.environment_fingerprint(),
                }, [0, 1, 2])
                answer, _ = messages.receive(connection)
            except (OSError, EOFError, ValueError):
                return None
            if "pid" not in answer:
                return None  # refused: stale, or another environment
            connection.settimeout(None)  # a run takes as long as it takes
            child.append(int(answer["pid"]))
            for signum in pending:
                _signal(child[0], signum)
            try:
                answer, _ = messages.receive(connection)
            except (OSError, EOFError, ValueError):
                print("needlesim: the warm process's run ended without an exit code",
                      file=sys.stderr)
                return LOST
            return int(answer.get("exit", LOST))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if not child:  # never handed on: this process takes them as it would have
            for signum in pending:
                os.kill(os.getpid(), signum)
