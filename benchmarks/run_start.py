"""Benchmark: where the wall time of `needlesim run` on the default scenario goes.

    python benchmarks/run_start.py [--repeat 3]

Each repeat runs in a fresh interpreter (as the command does) and times its phases:
imports, the simulation, the summary, the NetCDF file, the figures and the rest of the
report, then the whole command `python -m needlesim.cli run` beside it. The minimum over
the repeats is printed (the machine may be shared). A warm machine is assumed: run it
once before measuring, so the compiled kernels are in Numba's cache.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = r"""
import json, sys, time
t0 = time.perf_counter()
from needlesim.report import write_report
from needlesim.scenario import default_scenario
from needlesim.simulation import Simulation
t1 = time.perf_counter()
results = Simulation(default_scenario()).run()
t2 = time.perf_counter()
results.summary()
t3 = time.perf_counter()
write_report(results, sys.argv[1])
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "simulation": t2 - t1, "summary": t3 - t2,
                  "report (NetCDF, figures, pages)": t4 - t3, "total in process": t4 - t0}))
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    phases, command, first, again = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            out = subprocess.run([sys.executable, "-c", PHASES, str(Path(tmp) / f"p{i}")],
                                 check=True, capture_output=True, text=True).stdout
            phases.append(json.loads(out.splitlines()[-1]))
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "needlesim.cli", "run", "--out",
                            str(Path(tmp) / f"c{i}")], check=True, capture_output=True)
            command.append(time.perf_counter() - t)
            a, b = subprocess.run([sys.executable, "-c", ONE_PATIENT], check=True,
                                  capture_output=True, text=True).stdout.split()
            first.append(float(a))
            again.append(float(b))
    print(f"minimum of {args.repeat} runs, default scenario:")
    for name in phases[0]:
        print(f"  {name:32s} {min(p[name] for p in phases):6.2f} s")
    print(f"  {'`needlesim run` (whole command)':32s} {min(command):6.2f} s")
    print(f"one patient, 6 sessions + 1 year of healing: {min(first):.3f} s "
          f"(first call in a process), {min(again):.3f} s (again)")


if __name__ == "__main__":
    main()
