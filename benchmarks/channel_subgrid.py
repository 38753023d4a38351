"""Fit and check of the 3D patch's sub-grid channel model (transport/geometry/subgrid.py)
on the transport benchmark's problem (transport_vs_fipy.py).

    python benchmarks/channel_subgrid.py            # fit the factors, then the refinement study
    python benchmarks/channel_subgrid.py --study    # the study only, with the shipped factors

Fit: one channel (600 um deep, the benchmark's mouth and layers) in a periodic square cell
of the benchmark's channel density, on lateral grids of 80, 40 and 20 um cells (width /
mouth radius 3.2, 1.6, 0.8) and the benchmark's "accurate" depth grid; its reference is
the same channel's axisymmetric unit cell of equal area (24 rings across the mouth, 80
outside, the same depth grid), converged in the rings to 0.05 %. For each width the
conductance factor is found (by bisection) for which the mean over 6 random positions of
the channel in its cell delivers at 24 h what the reference delivers; the 1 and 6 h errors
are printed beside it. A square and a circular cell of equal area differ in the
logarithm of the spreading resistance by about 1 % (the Dietz shape factors of a well in a
square and a circle, 30.9 and 31.6), so the circle stands for the square; the uniform 3D
grids converge to it (the study prints them).

Study: the benchmark's 8-channel patch on 25, 50 and 100 lateral cells, with the model
and with plain volume shares, against the continuum answer of the benchmark README; and
the depth grids' own error (unit cell: "accurate" and the README's "medium" depth grids
against 2.5 um cells).
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

sys.path.insert(0, str(Path(__file__).parent))
import transport_vs_fipy as bench  # noqa: E402

from needlesim.transport.geometry.patch import PatchChannels, patch_mesh  # noqa: E402
from needlesim.transport.geometry.subgrid import BENCHMARK_FACTORS, SubgridChannels  # noqa: E402
from needlesim.transport.geometry.unitcell import unit_cell_mesh  # noqa: E402
from needlesim.transport.timeloop import integrate  # noqa: E402

CHANNEL_DEPTH = 600e-6
CELL_AREA = bench.SIDE**2 / 8  # the benchmark's area per channel
POSITIONS = np.random.default_rng(1).random((6, 2))  # the channel's place in its grid cell
REFINE = 8  # unit-cell rings: 24 across the mouth


def run(mesh) -> np.ndarray:
    solution = integrate(bench.problem(mesh), 24 * bench.HOUR, 1.0, 1800.0, bench.STOPS, rtol=1e-8)
    return np.array(bench.delivered(solution))


def fine_depth(h: float = 2.5e-6):
    """Cells of h to 1.095 mm (3 or more across the stratum corneum), then the README's."""
    faces = np.concatenate([np.linspace(0, 15e-6, max(3, round(15e-6 / h)) + 1),
                            np.linspace(15e-6, 95e-6, round(80e-6 / h) + 1)[1:],
                            np.linspace(95e-6, 1.095e-3, round(1e-3 / h) + 1)[1:],
                            np.linspace(1.095e-3, 1.6e-3, 26)[1:]])
    layer = np.where(faces[1:] <= 15e-6 + 1e-12, 0, np.where(faces[1:] <= bench.PLANE + 1e-12, 1, 2))
    return faces, layer


def reference(side: float, faces, layer) -> np.ndarray:
    return run(unit_cell_mesh(faces, layer, side / np.sqrt(np.pi), bench.RADIUS, CHANNEL_DEPTH, 0.0,
                              refine=REFINE))


def single_channel(cells: int, dx: float, faces, layer, factor: float | None) -> np.ndarray:
    """Mean over POSITIONS of one channel in a periodic cell of ``cells`` x ``cells``."""
    side = cells * dx
    model = None if factor is None else SubgridChannels(factors=((dx / bench.RADIUS, factor),))
    values = []
    for px, py in POSITIONS:
        ch = PatchChannels(np.array([(cells // 2 + px) * dx]), np.array([(cells // 2 + py) * dx]),
                           np.array([bench.RADIUS]), np.array([CHANNEL_DEPTH]), np.array([np.inf]), side)
        values.append(run(patch_mesh(faces, layer, ch, cells, taper=0.0, subgrid=model)))
    return np.mean(values, axis=0)


def fit(dx: float, low: float, high: float, faces, layer, tol: float = 5e-4) -> dict:
    cells = round(np.sqrt(CELL_AREA) / dx)
    ref = reference(cells * dx, faces, layer)
    plain = single_channel(cells, dx, faces, layer, None)
    while high - low > tol:  # the delivered amount grows with the factor
        mid = 0.5 * (low + high)
        if single_channel(cells, dx, faces, layer, mid)[2] > ref[2]:
            high = mid
        else:
            low = mid
    factor = 0.5 * (low + high)
    fitted = single_channel(cells, dx, faces, layer, factor)
    return {"width_over_radius": dx / bench.RADIUS, "factor": round(factor, 4), "cells": cells,
            "reference_ug_cm2": ref.round(3).tolist(),
            "plain_rel_error": (plain / ref - 1).round(4).tolist(),
            "fitted_rel_error": (fitted / ref - 1).round(4).tolist()}


def study(factors) -> None:
    faces, layer = bench.accurate_depth()
    continuum = np.array(list(bench.CONTINUUM.values()))
    for cells in (25, 50, 100):
        for model in (None, SubgridChannels(factors=factors)):
            start = time.perf_counter()
            mesh = patch_mesh(faces, layer, bench.channels(), cells, taper=0.0, subgrid=model)
            values = run(mesh)
            print(json.dumps({"study": "benchmark patch", "lateral_cells": cells, "depth": "accurate",
                              "subgrid": model is not None, "seconds": round(time.perf_counter() - start, 2),
                              "ug_cm2": values.round(3).tolist(),
                              "rel_error_vs_continuum": (values / continuum - 1).round(4).tolist()}),
                  flush=True)
    side = round(np.sqrt(CELL_AREA) / 40e-6) * 40e-6
    fine = reference(side, *fine_depth())
    for name, grid in (("accurate", (faces, layer)), ("medium", bench.medium_depth())):
        values = reference(side, *grid)
        print(json.dumps({"study": "depth grid (unit cell)", "depth": name,
                          "ug_cm2": values.round(3).tolist(),
                          "fine_2_5um_ug_cm2": fine.round(3).tolist(),
                          "rel_error": (values / fine - 1).round(4).tolist()}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", action="store_true", help="the study only, shipped factors")
    args = parser.parse_args()
    factors = BENCHMARK_FACTORS
    if not args.study:
        faces, layer = bench.accurate_depth()
        rows = [fit(dx, 0.1, 1.0, faces, layer) for dx in (80e-6, 40e-6, 20e-6)]
        for row in rows:
            print(json.dumps(row), flush=True)
        factors = tuple(sorted((row["width_over_radius"], row["factor"]) for row in rows))
        print(json.dumps({"fitted_factors": factors, "shipped": BENCHMARK_FACTORS}), flush=True)
    study(factors)


if __name__ == "__main__":
    main()
