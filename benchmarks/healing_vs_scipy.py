"""Benchmark: the healing model for one patient and for 1,000 patients, by the compiled loop
(the default) and step by step in NumPy, beside plain per-patient scipy.integrate.solve_ivp
on the same equations.

    python benchmarks/healing_vs_scipy.py [--patients 1000] [--peer 20]

The first call in the process includes loading the compiled loop from Numba's cache (run
the benchmark once before, so that it is cached); "warm" is the minimum of 3 calls after.
"""

import argparse
import time

import numpy as np

from needlesim.healing.cascade import simulate, untreated
from needlesim.healing.exponential_heun import Doses
from needlesim.healing.scipy_reference import scipy_path
from needlesim.parameters import default_parameters


def doses(patients, sessions=6, interval=28.0):
    rng = np.random.default_rng(1)
    return Doses(np.arange(sessions) * interval,
                 rng.uniform(0.3, 1.0, (patients, sessions, 3)),
                 rng.uniform(0, 1, (patients, sessions)), np.zeros((patients, sessions)))


def timed(function, *args, **kwargs):
    t = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--peer", type=int, default=20, help="patients run with solve_ivp")
    args = parser.parse_args()
    params = default_parameters()
    times = np.arange(0, 5 * 28 + 366, 1.0)
    t = time.perf_counter()
    simulate(params, 45, "female", doses(1), times)
    first = time.perf_counter() - t
    one, one_numpy = (min(timed(simulate, params, 45, "female", doses(1), times, compiled=c)
                          for _ in range(3)) for c in (True, False))
    ages = np.linspace(20, 80, args.patients)
    many, many_numpy = (timed(simulate, params, ages, "female", doses(args.patients),
                              times[::30], compiled=c) for c in (True, False))
    d = doses(args.peer)
    t = time.perf_counter()
    for p in range(args.peer):
        dp = Doses(d.day, d.damage[p:p + 1], d.bleeding[p:p + 1], d.nsaid[p:p + 1])
        run0 = simulate(params, ages[p], "female", dp, [0.0])
        scipy_path(untreated(run0)[0], dp, times[::30], run0.rates, run0.cohort, method="LSODA")
    peer = (time.perf_counter() - t) / args.peer
    print(f"one patient, 6 sessions + 1 year (needlesim exponential integrator, compiled): "
          f"first call {first:.3f} s, warm {one * 1e3:.1f} ms; step by step in NumPy "
          f"{one_numpy:.3f} s")
    print(f"{args.patients} patients: compiled {many:.2f} s, vectorised NumPy {many_numpy:.2f} s")
    print(f"scipy solve_ivp (LSODA) per patient: {peer:.3f} s -> {args.patients} patients "
          f"about {peer * args.patients:.1f} s (measured on {args.peer})")


if __name__ == "__main__":
    main()
