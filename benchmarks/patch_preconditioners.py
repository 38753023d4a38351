"""The 3D patch's linear solves with needlesim's preconditioners (fastpatch.py: depth lines
and the lateral FFT, symmetric-multiplicatively; the geometric multigrid V-cycle of
multigrid.py; both single precision) against PyAMG's smoothed aggregation (the kept
library for algebraic multigrid), all as CG preconditioners on the same matrices of the
transport benchmark (transport_vs_fipy.py --quick grid, or --cells 100: its 100 x 100
medium grid), a step of 64 s and one of 30 min, from the same starting guess (a smooth
layered state), to the same tolerance (1e-8 relative).

    python benchmarks/transport_vs_fipy.py   # the whole time loop against FiPy
    python benchmarks/patch_preconditioners.py [--cells 50]

Single-threaded BLAS for all (set before numpy loads). PyAMG's setup is reported apart:
in a time loop it would be reused for all steps of one size.
"""

from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import transport_vs_fipy as bench  # noqa: E402

from needlesim.transport.geometry.patch import patch_mesh  # noqa: E402
from needlesim.transport.solvers import fastpatch  # noqa: E402
from needlesim.transport.solvers.fv_matrix import conductances, laplacian  # noqa: E402

RTOL = 1e-8


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=50)
    args = parser.parse_args()
    import pyamg

    faces, layer = bench.coarse_depth() if args.cells <= 50 else bench.medium_depth()
    mesh = patch_mesh(faces, layer, bench.channels(), args.cells, taper=0.0)
    problem = bench.problem(mesh)
    capacity = problem.capacity()
    g = conductances(mesh, problem.conductivity(np.ones(mesh.channel_count)), True)
    rng = np.random.default_rng(1)
    # a smooth starting state: the held donor's layer profile with some lateral noise
    depth = mesh.z_faces[1:]
    u = np.exp(-depth / 2e-4)[None, :] * (1 + 0.01 * rng.random((mesh.ncol, mesh.nz)))
    rows = []
    for name in fastpatch.PRECONDITIONERS:  # kernels loaded from Numba's cache
        warm = fastpatch.PatchSolver(mesh, capacity, np.zeros_like(capacity), RTOL, name)
        warm.set_faces(g)
        warm.step(64.0, capacity / 64.0 * u, u, None)
    for dt in (64.0, 1800.0):
        rhs = capacity / dt * u
        rhs[:, 0] += g.top
        matrix = (laplacian(mesh, g, donor_coupled=False)
                  + sp.diags((capacity / dt).ravel())).tocsr()
        solved = {}
        for name in fastpatch.PRECONDITIONERS:
            ours = fastpatch.PatchSolver(mesh, capacity, np.zeros_like(capacity), RTOL, name)
            ours.set_faces(g)
            start = time.perf_counter()
            ours._factors(dt)  # factorisations (and hierarchy), as cached within a time loop
            setup = time.perf_counter() - start
            fastpatch.STATS["iterations"] = 0
            start = time.perf_counter()
            x_ours, _ = ours.step(dt, rhs, u, None)
            solved[name] = (x_ours, time.perf_counter() - start, fastpatch.STATS["iterations"], setup)
        x_ours, ours_s, ours_iterations, _ = solved["lines_fft"]
        x_mg, mg_s, mg_iterations, mg_setup = solved["multigrid"]
        mg_difference = float(np.abs(x_mg - x_ours).max() / np.abs(x_ours).max())
        start = time.perf_counter()
        hierarchy = pyamg.smoothed_aggregation_solver(matrix, symmetry="symmetric")
        setup_s = time.perf_counter() - start
        residuals: list[float] = []
        start = time.perf_counter()
        x_amg = hierarchy.solve(rhs.ravel(), x0=u.ravel(), tol=RTOL, accel="cg", residuals=residuals)
        amg_s = time.perf_counter() - start
        difference = float(np.abs(x_amg - x_ours.ravel()).max() / np.abs(x_ours).max())
        rows.append({"dt_s": dt, "needlesim_s": ours_s, "needlesim_iterations": ours_iterations,
                     "pyamg_setup_s": setup_s, "pyamg_solve_s": amg_s,
                     "pyamg_iterations": len(residuals) - 1, "pyamg_levels": len(hierarchy.levels),
                     "solve_ratio": amg_s / ours_s, "max_rel_difference": difference,
                     "multigrid_s": mg_s, "multigrid_iterations": mg_iterations,
                     "multigrid_setup_s": mg_setup, "multigrid_ratio": mg_s / ours_s,
                     "multigrid_max_rel_difference": mg_difference})
        print(f"dt {dt:6.0f} s: lines+FFT {ours_s * 1e3:7.1f} ms ({ours_iterations} CG iterations); "
              f"PyAMG SA {amg_s * 1e3:7.1f} ms ({len(residuals) - 1} iterations, "
              f"{len(hierarchy.levels)} levels) + setup {setup_s * 1e3:.0f} ms; "
              f"{amg_s / ours_s:.0f}x lines+FFT's time per solve; answers agree to {difference:.1e}")
        print(f"           geometric multigrid {mg_s * 1e3:7.1f} ms ({mg_iterations} CG iterations) "
              f"+ setup {mg_setup * 1e3:.0f} ms; {mg_s / ours_s:.2f}x lines+FFT's time; "
              f"answers agree to {mg_difference:.1e}")
    print(json.dumps({"cells": mesh.ncol * mesh.nz, "steps": rows}))


if __name__ == "__main__":
    main()
