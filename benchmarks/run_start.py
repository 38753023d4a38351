"""Benchmark: where the wall time of `needlesim run` on the default scenario goes.

    python benchmarks/run_start.py [--repeat 3]

Each repeat runs the command in a fresh interpreter twice: once with its phases timed
from inside (the command's own code, unchanged, with timestamps where its phases begin
and end: start-up and imports, the simulation, the NetCDF file, the rest of the summary
files, the wait for the figure workers, the pages, and the interpreter's exit), once
untimed as `python -m needlesim.cli run`; beside them, as the peer, a fresh interpreter
that only imports the libraries the run needs and makes one xarray Dataset (the floor any
run on this stack pays before its own work). The minimum over the repeats is printed (the
machine may be shared). A warm machine is assumed: run it once before measuring, so the
compiled kernels are in Numba's cache. Last, the command handed to a warm process
(`needlesim warm start`, in a private folder of the benchmark's own, stopped after): every
run after the start, the first included.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = r"""
import atexit, json, sys, time
t0 = time.perf_counter()
marks = {}
import needlesim.cli as cli
from needlesim.report import figure_pool, write
from needlesim.results import results as results_module
from needlesim import simulation

def timed(owner, name, phase):
    function = getattr(owner, name)
    def wrapper(*args, **kwargs):
        marks.setdefault(phase + " begins", time.perf_counter() - t0)
        try:
            return function(*args, **kwargs)
        finally:
            marks[phase + " ends"] = time.perf_counter() - t0
    setattr(owner, name, wrapper)

timed(simulation.Simulation, "run", "simulation")
timed(results_module.Results, "to_netcdf", "netcdf")
timed(figure_pool.FigureJob, "files", "figures")
timed(write, "write_pages", "pages")
atexit.register(lambda: print(json.dumps(marks), file=sys.stderr))
sys.argv = ["needlesim", "run", "--out", sys.argv[1]]
cli.main()
marks["main ends"] = time.perf_counter() - t0
"""

ONE_PATIENT = r"""
import time
import numpy as np
from needlesim.healing.cascade import simulate
from needlesim.healing.exponential_heun import Doses
from needlesim.parameters import default_parameters
params = default_parameters()
rng = np.random.default_rng(1)
doses = Doses(np.arange(6) * 28.0, rng.uniform(0.3, 1.0, (1, 6, 3)), rng.uniform(0, 1, (1, 6)),
              np.zeros((1, 6)))
times = np.arange(0, 5 * 28 + 366, 1.0)
t = time.perf_counter()
simulate(params, 45, "female", doses, times)
first = time.perf_counter() - t
t = time.perf_counter()
simulate(params, 45, "female", doses, times)
print(first, time.perf_counter() - t)
"""


# the kept libraries of the run path; a first Dataset makes xarray import dask (installed
# for cohorts), as the run's first Dataset does
STACK_FLOOR = r"""
import numpy, scipy.optimize, scipy.sparse, pandas, pint, numba, h5netcdf, xarray
xarray.Dataset({"a": ("x", numpy.zeros(3))})
"""


def _phases(marks: dict, wall: float) -> dict:
    return {
        "start-up and imports": marks["simulation begins"],
        "simulation": marks["simulation ends"] - marks["simulation begins"],
        "NetCDF file": marks["netcdf ends"] - marks["netcdf begins"],
        "summary JSON, schedule": marks["figures begins"] - marks["netcdf ends"],
        "waiting for the figures": marks["figures ends"] - marks["figures begins"],
        "pages, swap-in, printing": marks["main ends"] - marks["figures ends"],
        "interpreter exit": wall - marks["main ends"],
    }


def _warm_runs(tmp: Path, repeat: int) -> list[float]:
    """`needlesim run` handed to a warm process (`needlesim warm start`), started here in a
    private folder of its own and stopped after."""
    folder = tmp / "warm"
    folder.mkdir(mode=0o700)
    env = {**os.environ, "NEEDLESIM_WARM_DIR": str(folder)}
    cli = [sys.executable, "-m", "needlesim.cli"]
    subprocess.run([*cli, "warm", "start", "--idle-minutes", "5"], check=True,
                   capture_output=True, env=env)
    try:
        walls = []
        for i in range(repeat):  # the first command after the start counts too
            t = time.perf_counter()
            subprocess.run([*cli, "run", "--out", str(tmp / f"w{i}")], check=True,
                           capture_output=True, env=env)
            walls.append(time.perf_counter() - t)
        return walls
    finally:
        subprocess.run([*cli, "warm", "stop"], capture_output=True, env=env)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    phases, command, floor, first, again, warm = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        # cold runs look for a warm process in an empty folder: none answers there
        cold_env = {**os.environ, "NEEDLESIM_WARM_DIR": str(Path(tmp) / "none")}
        for i in range(args.repeat):
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", PHASES, str(Path(tmp) / f"p{i}")],
                                  check=True, capture_output=True, text=True, env=cold_env)
            wall = time.perf_counter() - t
            phases.append(_phases(json.loads(done.stderr.splitlines()[-1]), wall))
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "needlesim.cli", "run", "--out",
                            str(Path(tmp) / f"c{i}")], check=True, capture_output=True,
                           env=cold_env)
            command.append(time.perf_counter() - t)
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", STACK_FLOOR], check=True, capture_output=True)
            floor.append(time.perf_counter() - t)
            a, b = subprocess.run([sys.executable, "-c", ONE_PATIENT], check=True,
                                  capture_output=True, text=True).stdout.split()
            first.append(float(a))
            again.append(float(b))
        warm = _warm_runs(Path(tmp), args.repeat)
    print(f"minimum of {args.repeat} runs, default scenario (phases of the timed run):")
    for name in phases[0]:
        print(f"  {name:32s} {min(p[name] for p in phases):6.2f} s")
    print(f"  {'`needlesim run` (whole command)':32s} {min(command):6.2f} s")
    print(f"  {'peer: imports of the stack alone':32s} {min(floor):6.2f} s "
          f"(numpy, scipy, pandas, pint, numba, h5netcdf, xarray and its first Dataset)")
    print(f"  {'with a warm process (warm start)':32s} {min(warm):6.2f} s "
          f"(slowest {max(warm):.2f} s; {min(command) / min(warm):.1f} times faster than "
          f"cold, the same files)")
    print(f"one patient, 6 sessions + 1 year of healing: {min(first):.3f} s "
          f"(first call in a process), {min(again):.3f} s (again)")


if __name__ == "__main__":
    main()
