"""``needlesim warm start|stop|status``: keep a warm process for the command line."""

from __future__ import annotations

import math
import sys
import time

from needlesim.errors import input_error
from needlesim.warm import place, server

MAX_IDLE_MINUTES = 7 * 24 * 60.0
SERVED_COMMANDS = ("run", "report")  # handed to a warm process when one runs


def add_parser(commands, run_command) -> None:
    """Register ``warm``; ``run_command(argv) -> exit code`` is what the children run (the
    command line's ``main``)."""
    warm = commands.add_parser(
        "warm", help="keep a warm process: `needlesim run` and `report` start in a fraction "
                     "of the time (docs/cohorts.md)")
    actions = warm.add_subparsers(dest="action", required=True, help="what to do")
    start = actions.add_parser("start", help="start the warm process (returns once it is ready)")
    start.add_argument("--idle-minutes", type=float, default=server.IDLE_MINUTES,
                       help="it stops after this many minutes without a command")
    start.set_defaults(handler=lambda args: _start(args, run_command))
    stop = actions.add_parser("stop", help="stop the warm process (running commands finish)")
    stop.set_defaults(handler=_stop)
    status = actions.add_parser("status", help="say whether a warm process runs, and since when")
    status.set_defaults(handler=_status)


def _start(args, run_command) -> int:
    minutes = args.idle_minutes
    if not (math.isfinite(minutes) and 0 < minutes <= MAX_IDLE_MINUTES):
        raise input_error("--idle-minutes", minutes, f"above 0, at most {MAX_IDLE_MINUTES:g}",
                          "min")
    try:
        started, running = server.start(run_command, minutes)
    except server.NotStarted as exc:
        print(f"needlesim: no warm process started: {exc}", file=sys.stderr)
        return 1
    word = "started" if started else "already running"
    print(f"needlesim warm process {word} (pid {running.get('pid')}); it stops after "
          f"{running.get('idle_minutes', minutes):g} idle minutes or `needlesim warm stop`")
    print(f"  socket: {place.socket_path(place.folder())}")
    return 0


def _stop(args) -> int:
    print("needlesim warm process stopped" if server.stop() else "no needlesim warm process runs")
    return 0


def _status(args) -> int:
    running = server.status()
    if running is None:
        print("no needlesim warm process runs")
        return 0
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(running["started"]))
    current = running.get("code") == place.code_fingerprint()
    print(f"needlesim warm process pid {running['pid']}, running since {since}; "
          f"{running['served']} commands served, {running['running']} running now"
          + ("" if current else "; needlesim changed since it started: the next command "
                                "runs cold and stops it"))
    return 0
