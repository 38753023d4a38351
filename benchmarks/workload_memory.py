"""Benchmark: what a run costs in memory and time per needle landing, measured, side by side
with the work budget that ``needlesim run``, cohorts and the web service check before a run
(src/needlesim/workload.py).

Each case runs in a fresh process (peak resident memory cannot be reset in one); the table
shows the measured peak and wall time next to the budget's estimate, which must stay above
the measurement.

Run: python benchmarks/workload_memory.py [--quick]
Prints a table and, as its last line, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CASE = r"""
import json, resource, sys, time
from needlesim.parameters import default_parameters
from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation
from needlesim.workload import estimate
device, area, passes, sessions = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
scenario = build_scenario({
    "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
    "protocol": {"sessions": sessions, "interval_days": 28, "device": device,
                 "needle_length_mm": 1.0, "passes": passes, "area_cm2": area}})
params = default_parameters()
work = estimate(scenario, params)
start = time.perf_counter()
Simulation(scenario, params).run()
print(json.dumps({"device": device, "area_cm2": area, "passes": passes, "sessions": sessions,
                  "landings": work.landings, "estimated_bytes": work.memory_bytes,
                  "estimated_s": work.seconds, "peak_bytes": resource.getrusage(
                      resource.RUSAGE_SELF).ru_maxrss * 1024, "wall_s": time.perf_counter() - start}))
"""

CASES = [("pen", 20, 4, 1), ("pen", 300, 4, 1), ("pen", 300, 4, 4), ("pen", 1000, 4, 1),
         ("pen", 300, 20, 1), ("roller", 1000, 10, 1), ("stamp", 300, 4, 1)]
QUICK = CASES[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three small cases")
    args = parser.parse_args()
    rows = []
    print(f"{'device':8s} {'cm2':>6s} {'passes':>6s} {'sess':>4s} {'landings':>11s} "
          f"{'peak MiB':>9s} {'budget MiB':>10s} {'wall s':>7s} {'budget s':>8s}")
    for device, area, passes, sessions in QUICK if args.quick else CASES:
        done = subprocess.run([sys.executable, "-c", CASE, device, str(area), str(passes),
                               str(sessions)], capture_output=True, text=True, check=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{device:8s} {area:6.0f} {passes:6d} {sessions:4d} {row['landings']:11,.0f} "
              f"{row['peak_bytes'] / 2**20:9.0f} {row['estimated_bytes'] / 2**20:10.0f} "
              f"{row['wall_s']:7.1f} {row['estimated_s']:8.1f}")
    covered = all(r["estimated_bytes"] >= r["peak_bytes"] for r in rows)
    print(json.dumps({"cases": len(rows), "budget_covers_peak_memory": covered,
                      "largest_peak_over_budget": max(r["peak_bytes"] / r["estimated_bytes"]
                                                      for r in rows)}))


if __name__ == "__main__":
    main()
