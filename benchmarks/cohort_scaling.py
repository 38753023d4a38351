"""Cohort scaling: patients per second with a plain loop, and on Dask with 1 and 2 workers.

    python benchmarks/cohort_scaling.py [--patients 80] [--chunk 20]

Same cohort (examples/cohort_small.toml, one arm, truncated) in each run; reports the
overhead of Dask against the plain loop and the scaling efficiency of 2 workers.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

import pandas as pd

from needlesim.cohort import load_cohort, simulate_cohort

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cohort_small.toml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=80)
    parser.add_argument("--chunk", type=int, default=20)
    args = parser.parse_args()
    spec = load_cohort(EXAMPLE)
    spec = dataclasses.replace(spec, patients=args.patients, chunk_size=args.chunk, arms=spec.arms[:1])
    rates, tables = {}, {}
    for label, workers in (("plain loop", 0), ("dask 1 worker", 1), ("dask 2 workers", 2)):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            tables[label] = simulate_cohort(spec, folder, workers=workers, progress=False)
            seconds = time.perf_counter() - start
        rates[label] = args.patients / seconds
        print(f"{label:15s} {seconds:7.1f} s  {rates[label]:6.2f} patients/s")
    base = rates["plain loop"]
    print(f"dask overhead, 1 worker vs plain loop: {100 * (base / rates['dask 1 worker'] - 1):+.0f} %")
    print(f"speed-up 2 workers vs plain loop: {rates['dask 2 workers'] / base:.2f} x "
          f"(efficiency {50 * rates['dask 2 workers'] / base:.0f} %)")
    pd.testing.assert_frame_equal(tables["plain loop"], tables["dask 2 workers"])
    print("tables identical across engines: yes")


if __name__ == "__main__":
    main()
