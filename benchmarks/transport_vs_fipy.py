"""Transport benchmark (the problem of shared/bench/README.md, inputs copied beside this file):
a 2 mm x 2 mm periodic patch of layered skin with 8 open channels, donor held at 1 kg/m3,
sink at 1.6 mm; delivered amount into the dermis at 1, 6, 24 h. needlesim's 3D solver and
FiPy (PCG) on the same grid and time steps, plus needlesim's reduced unit-cell model.

    python benchmarks/transport_vs_fipy.py --quick   # 25 x 25 lateral, coarse depth
    python benchmarks/transport_vs_fipy.py           # 50 x 50 lateral, coarse depth

The last line printed is one JSON object (fipy_s, needlesim_s, speedup, rel_error, ...).
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path

import numpy as np

from needlesim.transport import linear
from needlesim.transport.integrate import integrate, step_times
from needlesim.transport.mesh import ColumnMesh
from needlesim.transport.model import channel_classes, combine
from needlesim.transport.patch import PatchChannels, patch_mesh
from needlesim.transport.problem import Donor, Problem
from needlesim.transport.unitcell import unit_cell_mesh

HERE = Path(__file__).parent
HOUR = 3600.0
SIDE = 2e-3
DIFFUSIVITY = np.array([1e-13, 1e-10, 3e-10])
CHANNEL_D = 5e-10
RADIUS = 25e-6
PLANE = 95e-6
CONTINUUM = {1: 11.6, 6: 70.7, 24: 283.0}  # ug/cm2, README reference (about +-1 %)
STOPS = (HOUR, 6 * HOUR, 24 * HOUR)


def coarse_depth():
    faces = np.concatenate([[0, 15e-6], 15e-6 + 20e-6 * np.arange(1, 5),
                            95e-6 + 20e-6 * np.arange(1, 51), np.linspace(1.095e-3, 1.6e-3, 13)[1:]])
    layer = np.where(faces[1:] <= 15e-6 + 1e-12, 0, np.where(faces[1:] <= PLANE + 1e-12, 1, 2))
    return faces, layer


def channels() -> PatchChannels:
    with (HERE / "transport_channels.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    x = np.array([float(r["x_um"]) for r in rows]) * 1e-6
    y = np.array([float(r["y_um"]) for r in rows]) * 1e-6
    depth = np.array([float(r["depth_um"]) for r in rows]) * 1e-6
    n = x.size
    return PatchChannels(x % SIDE, y % SIDE, np.full(n, RADIUS), depth, np.full(n, np.inf), SIDE)


def problem(mesh: ColumnMesh) -> Problem:
    return Problem(mesh=mesh, layer_diffusivity=DIFFUSIVITY, layer_partition=np.ones(3),
                   layer_loss=np.zeros(3), degradation_per_s=0.0, channel_diffusivity=CHANNEL_D,
                   channel_half_life_s=np.full(mesh.channel_count, np.inf), channel_offset_s=0.0,
                   donor=Donor(1.0, None))


def delivered(solution) -> list[float]:
    values = solution.entered_below(PLANE) * 1e5
    return [float(np.interp(t, solution.times_s, values)) for t in STOPS]


def run_needlesim(cells, queue):
    faces, layer = coarse_depth()
    start = time.perf_counter()
    mesh = patch_mesh(faces, layer, channels(), cells, taper=0.0)
    linear.STATS["iterations"] = 0
    solution = integrate(problem(mesh), 24 * HOUR, 1.0, 1800.0, STOPS, rtol=1e-8)
    seconds = time.perf_counter() - start
    queue.put({"values": delivered(solution), "seconds": seconds, "cells": mesh.ncol * mesh.nz,
               "steps": solution.times_s.size - 1, "iterations": linear.STATS["iterations"],
               "balance": float(np.abs(solution.balance_error_kg()).max() / solution.skin_kg[-1]),
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def run_reduced(queue):
    faces, layer = coarse_depth()
    faces = np.unique(np.concatenate([faces, np.linspace(95e-6, 1.6e-3, 151)]))  # finer depth
    layer = np.where(faces[1:] <= 15e-6 + 1e-12, 0, np.where(faces[1:] <= PLANE + 1e-12, 1, 2))
    ch = channels()
    start = time.perf_counter()
    density = ch.count / SIDE**2
    classes = channel_classes(ch.depth_m, ch.mouth_radius_m, ch.half_life_s, count=ch.count)
    cell = 1 / np.sqrt(np.pi * density)
    sols = [integrate(problem(unit_cell_mesh(faces, layer, cell, c.mouth_radius_m, c.depth_m, 0.0, 2.0)),
                      24 * HOUR, 1.0, 1800.0, STOPS) for c in classes]
    solution = combine(sols, [c.weight for c in classes])
    queue.put({"values": delivered(solution), "seconds": time.perf_counter() - start,
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def run_fipy(cells, queue):
    import fipy

    faces, layer = coarse_depth()
    mesh_ns = patch_mesh(faces, layer, channels(), cells, taper=0.0)
    p = problem(mesh_ns).conductivity(np.ones(mesh_ns.channel_count))  # (ncol, nz)
    nz = layer.size
    d_cells = p.reshape(cells, cells, nz).transpose(2, 1, 0).ravel()  # fipy: x fastest, then y, z
    start = time.perf_counter()
    dz = np.diff(faces)
    mesh = fipy.PeriodicGrid3DLeftRightTopBottom(dx=SIDE / cells, dy=SIDE / cells, dz=dz,
                                                 nx=cells, ny=cells, nz=nz)
    u = fipy.CellVariable(mesh=mesh, value=0.0)
    d = fipy.CellVariable(mesh=mesh, value=d_cells)
    u.constrain(1.0, mesh.facesFront)  # z = 0: skin surface (FiPy front = lowest z)
    u.constrain(0.0, mesh.facesBack)  # z = 1.6 mm: sink
    eq = fipy.TransientTerm() == fipy.DiffusionTerm(coeff=d.harmonicFaceValue)
    solver = fipy.LinearPCGSolver(tolerance=1e-8, iterations=2000)
    volume = np.asarray(mesh.cellVolumes)
    below = np.asarray(mesh.cellCenters[2]) > PLANE
    bottom = np.zeros(volume.size, bool)
    bottom[-cells * cells:] = True
    outflow, t_prev, out = 0.0, 0.0, []
    conductance = d_cells[bottom] * (SIDE / cells) ** 2 / (dz[-1] / 2)
    for t in step_times(24 * HOUR, 1.0, 1800.0, STOPS):
        eq.solve(var=u, dt=t - t_prev, solver=solver)
        outflow += (t - t_prev) * float(np.sum(conductance * np.asarray(u)[bottom]))
        if any(abs(t - s) < 1e-6 for s in STOPS):
            out.append((float(np.sum(np.asarray(u)[below] * volume[below])) + outflow) / SIDE**2 * 1e5)
        t_prev = t
    queue.put({"values": out, "seconds": time.perf_counter() - start,
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def in_child(target, *args):
    queue = mp.Queue()
    process = mp.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="25 x 25 lateral cells")
    parser.add_argument("--cells", type=int, default=None)
    args = parser.parse_args()
    cells = args.cells or (25 if args.quick else 50)
    ours = in_child(run_needlesim, cells)
    reduced = in_child(run_reduced)
    fipy = in_child(run_fipy, cells)
    rel = max(abs(a / b - 1) for a, b in zip(ours["values"], fipy["values"], strict=True))
    cont = list(CONTINUUM.values())
    rel_reduced = max(abs(a / b - 1) for a, b in zip(reduced["values"], cont, strict=True))
    rel_3d_cont = max(abs(a / b - 1) for a, b in zip(ours["values"], cont, strict=True))
    updates = ours["cells"] * ours["steps"]
    # bytes a 7-point stencil sweep moves per cell (README: about 40-48); one CG iteration
    # is about 3 sweeps (matvec + two preconditioner line sweeps)
    sweeps = 3 * ours["iterations"] * ours["cells"]
    bandwidth = sweeps * 48 / ours["seconds"] / 38e9
    print(f"grid {cells} x {cells} lateral x {coarse_depth()[1].size} depth = {ours['cells']} cells, "
          f"{ours['steps']} backward-Euler steps")
    for label, r in (("needlesim 3D", ours), ("fipy PCG", fipy), ("needlesim reduced", reduced)):
        print(f"{label:18s} {r['seconds']:8.2f} s  peak {r['peak_mb']:7.0f} MB  delivered "
              + "  ".join(f"{v:7.2f}" for v in r["values"]) + "  ug/cm2 at 1, 6, 24 h")
    print("continuum reference " + "  ".join(f"{v:7.2f}" for v in cont))
    result = {
        "grid_cells": ours["cells"], "lateral_cells": cells,
        "fipy_s": fipy["seconds"], "needlesim_s": ours["seconds"],
        "speedup": fipy["seconds"] / ours["seconds"],
        "rel_error": rel, "rel_error_definition": "max over 1,6,24 h of |needlesim 3D / FiPy - 1|, same grid",
        "needlesim_vs_continuum": rel_3d_cont,
        "reduced_s": reduced["seconds"], "reduced_speedup_vs_fipy": fipy["seconds"] / reduced["seconds"],
        "reduced_rel_error_vs_continuum": rel_reduced,
        "needlesim_ug_cm2": ours["values"], "fipy_ug_cm2": fipy["values"],
        "reduced_ug_cm2": reduced["values"],
        "needlesim_peak_mb": ours["peak_mb"], "fipy_peak_mb": fipy["peak_mb"],
        "cell_updates_per_s": updates / ours["seconds"], "cg_iterations": ours["iterations"],
        "bandwidth_fraction_estimate": bandwidth, "mass_balance_rel": ours["balance"],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
