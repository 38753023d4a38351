"""Transport benchmark (the problem of shared/bench/README.md, inputs copied beside this file):
a 2 mm x 2 mm periodic patch of layered skin with 8 open channels, donor held at 1 kg/m3,
sink at 1.6 mm; delivered amount into the dermis at 1, 6, 24 h. needlesim's 3D solver and
FiPy (PCG) on the same grid and time steps, plus needlesim's reduced unit-cell model and
needlesim's answer near the continuum ("accurate": 50 x 50 lateral with the sub-grid
channel model of transport/geometry/subgrid.py, a depth grid fine at the surface; its
factors fitted on single-channel refined solutions by channel_subgrid.py).

    python benchmarks/transport_vs_fipy.py --quick   # 50 x 50 lateral, coarse depth (README)
    python benchmarks/transport_vs_fipy.py           # 100 x 100 lateral, medium depth (README;
                                                     # FiPy needs about 5 GB and minutes)

Every solver runs with single-threaded BLAS (OPENBLAS_NUM_THREADS=1, set here before numpy
loads): on this shared 2-core machine threaded BLAS made both FiPy and needlesim several
times slower. needlesim's compiled kernels are loaded (Numba cache) before its clock starts;
the load time is reported separately (jit_load_s).

The last line printed is one JSON object (fipy_s, needlesim_s, speedup, rel_error,
accurate_s, accurate_rel_error_vs_continuum, ...).
"""

from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import gc  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import multiprocessing as mp  # noqa: E402
import queue as queues  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import numpy as np  # noqa: E402

from needlesim.transport.batched_loop import integrate_batch  # noqa: E402
from needlesim.transport.geometry.areas import periodic_voronoi_areas  # noqa: E402
from needlesim.transport.geometry.column_mesh import ColumnMesh  # noqa: E402
from needlesim.transport.geometry.depth_grid import CELL_SIZE_M, depth_faces  # noqa: E402
from needlesim.transport.geometry.overlaps import open_share  # noqa: E402
from needlesim.transport.geometry.owned_cells import periodic_cells  # noqa: E402
from needlesim.transport.geometry.patch import PatchChannels, patch_mesh  # noqa: E402
from needlesim.transport.geometry.subgrid import SubgridChannels  # noqa: E402
from needlesim.transport.geometry.unitcell import unit_cell_mesh  # noqa: E402
from needlesim.transport.problem import Donor, Problem  # noqa: E402
from needlesim.transport.resolutions import channel_classes, combine  # noqa: E402
from needlesim.transport.solvers import fastpatch, linear  # noqa: E402
from needlesim.transport.timeloop import integrate, step_times  # noqa: E402

HERE = Path(__file__).parent
HOUR = 3600.0
SIDE = 2e-3
DIFFUSIVITY = np.array([1e-13, 1e-10, 3e-10])
CHANNEL_D = 5e-10
RADIUS = 25e-6
PLANE = 95e-6
CONTINUUM = {1: 11.6, 6: 70.7, 24: 283.0}  # ug/cm2, README reference (about +-1 %)
GRID_ANSWER = {50: (12.55, 76.25, 304.95), 100: (12.06, 73.20, 292.8)}  # README, same grids
REDUCED_CLASSES = 3  # depth classes, as the pipeline uses
REDUCED_GROWTH = 4.0  # steps 1, 4, 16, ... s up to 1 h (time error about 0.1 %)
STOPS = (HOUR, 6 * HOUR, 24 * HOUR)
ACCURATE = (50, "accurate")  # lateral cells, depth grid of the answer near the continuum


def coarse_depth():
    faces = np.concatenate([[0, 15e-6], 15e-6 + 20e-6 * np.arange(1, 5),
                            95e-6 + 20e-6 * np.arange(1, 51), np.linspace(1.095e-3, 1.6e-3, 13)[1:]])
    layer = np.where(faces[1:] <= 15e-6 + 1e-12, 0, np.where(faces[1:] <= PLANE + 1e-12, 1, 2))
    return faces, layer


def medium_depth():
    """README "medium": SC 3 x 5 um, VE 8 x 10 um, dermis 10 um to 1.095 mm, then ~20 um."""
    faces = np.concatenate([5e-6 * np.arange(0, 4), 15e-6 + 10e-6 * np.arange(1, 9),
                            95e-6 + 10e-6 * np.arange(1, 101), np.linspace(1.095e-3, 1.6e-3, 26)[1:]])
    layer = np.where(faces[1:] <= 15e-6 + 1e-12, 0, np.where(faces[1:] <= PLANE + 1e-12, 1, 2))
    return faces, layer


def accurate_depth():
    """For the answer near the continuum: the depth error sits at the surface (the viable
    epidermis's 10 um cells of "medium" cost 0.65 %, its deeper cells nothing measurable;
    benchmarks/channel_subgrid.py), so 5 um cells through the epidermis, 10 um to 195 um,
    20 um to 295 um, 50 um to 1.095 mm, then "coarse"'s: 62 cells, 0.2 % from 2.5 um cells."""
    faces = np.concatenate([5e-6 * np.arange(0, 4), 15e-6 + 5e-6 * np.arange(1, 17),
                            95e-6 + 10e-6 * np.arange(1, 11), 195e-6 + 20e-6 * np.arange(1, 6),
                            295e-6 + 50e-6 * np.arange(1, 17), np.linspace(1.095e-3, 1.6e-3, 13)[1:]])
    layer = np.where(faces[1:] <= 15e-6 + 1e-12, 0, np.where(faces[1:] <= PLANE + 1e-12, 1, 2))
    return faces, layer


DEPTH = {"coarse": coarse_depth, "medium": medium_depth, "accurate": accurate_depth}


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


def run_needlesim(cells, depth, subgrid, repeats, preconditioner, queue):
    """needlesim's 3D patch, the best of ``repeats`` runs (mesh and time loop); ``subgrid``:
    with the sub-grid channel model (the "accurate" answer, geometry/subgrid.py, its
    factors fitted by channel_subgrid.py); ``preconditioner``: one of
    fastpatch.PRECONDITIONERS."""
    fastpatch.PRECONDITIONER = preconditioner
    faces, layer = DEPTH[depth]()
    load = time.perf_counter()  # load the compiled kernels (Numba cache) on a tiny patch
    integrate(problem(patch_mesh(faces[:6], layer[:5], channels(), 4, taper=0.0)), 10.0, 1.0, 10.0)
    load = time.perf_counter() - load
    best = None
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        mesh = patch_mesh(faces, layer, channels(), cells, taper=0.0,
                          subgrid=SubgridChannels() if subgrid else None)
        linear.STATS["iterations"] = fastpatch.STATS["iterations"] = 0
        fastpatch.STATS["cg_seconds"] = 0.0
        solution = integrate(problem(mesh), 24 * HOUR, 1.0, 1800.0, STOPS, rtol=1e-8)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if best is None or seconds < best["seconds"]:
            best = {"values": delivered(solution), "seconds": seconds, "cpu_s": cpu,
                    "cells": mesh.ncol * mesh.nz,
                    "steps": solution.times_s.size - 1, "jit_load_s": load, "repeats": repeats,
                    "iterations": linear.STATS["iterations"] + fastpatch.STATS["iterations"],
                    "cg_seconds": fastpatch.STATS["cg_seconds"],
                    "balance": float(np.abs(solution.balance_error_kg()).max() / solution.skin_kg[-1])}
    best["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(best)


def run_stream(queue):
    """This machine's memory bandwidth for one core (GB/s): the best of five copies of
    400 MB, read plus write, what a bandwidth-bound loop can reach (its own process, so
    its 800 MB stay out of the solvers' peak memory)."""
    a = np.ones(50_000_000)
    b = np.empty_like(a)
    best = np.inf
    for _ in range(5):
        start = time.perf_counter()
        np.copyto(b, a)
        best = min(best, time.perf_counter() - start)
    queue.put(2 * a.nbytes / best / 1e9)


def pipeline_depth():
    """The depth grid the pipeline gives these layers (depth_grid.CELL_SIZE_M: 5 um in the
    stratum corneum, 10 um in the viable epidermis, 20 um in the dermis; 87 cells). The
    coarse grid's 20 um cells in the viable epidermis cost the reduced model 2 % more."""
    layers = SimpleNamespace(boundaries_m=np.array([15e-6, PLANE, 1.6e-3]))
    return depth_faces(layers, 1.6e-3, cell_size_m=CELL_SIZE_M[:3])


def reduced_once(growth=REDUCED_GROWTH, dt_first=1.0, dt_max=HOUR):
    """The pipeline's reduced model on the benchmark: unit cell per class (3 depth classes x
    2 owned-area groups; Voronoi areas of the periodic patch, rings shaped by the owned
    cells), rings at refinement 1, overlaps shared out (none overlap here), the pipeline's
    depth grid; all classes in one batched banded loop."""
    faces, layer = pipeline_depth()
    ch = channels()
    shares = open_share(ch.x_m, ch.y_m, ch.mouth_radius_m, ch.depth_m, 0.0, side_m=SIDE)
    areas = periodic_voronoi_areas(ch.x_m, ch.y_m, SIDE)
    classes = channel_classes(ch.depth_m, ch.mouth_radius_m, ch.half_life_s, count=REDUCED_CLASSES,
                              area_m2=areas, open_share=shares,
                              owned=periodic_cells(ch.x_m, ch.y_m, SIDE, areas))
    sols = integrate_batch([problem(unit_cell_mesh(faces, layer, np.sqrt(c.area_m2 / np.pi), c.mouth_radius_m,
                                                   c.depth_m, 0.0, boundary_m=c.boundary_m))
                            for c in classes], 24 * HOUR, dt_first, dt_max, STOPS, growth=growth)
    weights = np.array([c.weight * c.area_m2 for c in classes])  # per-area results add by area
    return combine(sols, list(weights / weights.sum()))


def run_reduced(queue):
    reduced_once()  # warm caches of imports
    times = []
    for _ in range(5):  # best of 5: it is milliseconds
        start = time.perf_counter()
        solution = reduced_once()
        times.append(time.perf_counter() - start)
    converged = delivered(reduced_once(growth=1.2, dt_first=0.1, dt_max=300.0))
    values = delivered(solution)
    time_error = max(abs(a / b - 1) for a, b in zip(values, converged, strict=True))
    queue.put({"values": values, "seconds": min(times), "time_error": time_error,
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def run_full_face(queue):
    """One full-face session (300 cm2, pen 1 mm, 4 passes, 15 % vitamin C): the transport
    stage's cost per patient inside a cohort (needled and intact skin), after the channels."""
    from needlesim.parameters import default_parameters
    from needlesim.prepare import run_session
    from needlesim.scenario import build_scenario, session_plan
    from needlesim.skin import build_skin
    from needlesim.transport import deliver

    params = default_parameters()
    costs = []
    for age in (35, 45, 55, 65):
        scenario = build_scenario({
            "seed": age, "patient": {"age_years": age, "sex": "female", "fitzpatrick": 3,
                                     "site": "cheek"},
            "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                         "passes": 4, "area_cm2": 300, "serum": "vitamin_c"}}, params)
        skin = build_skin(scenario.patient, params)
        session = session_plan(scenario.protocol)[0]
        run = run_session(session, skin, age, params)
        start = time.perf_counter()
        deliver(skin, run.channels, run.closure, session, "vitamin_c", params)
        costs.append(time.perf_counter() - start)
        punctures = int(run.channels.pierced.sum())
    queue.put({"seconds": float(np.median(costs[1:])), "punctures": punctures})


def run_fipy(cells, depth, repeats, queue):
    import fipy

    faces, layer = DEPTH[depth]()
    mesh_ns = patch_mesh(faces, layer, channels(), cells, taper=0.0)
    p = problem(mesh_ns).conductivity(np.ones(mesh_ns.channel_count))  # (ncol, nz)
    nz = layer.size
    d_cells = p.reshape(cells, cells, nz).transpose(2, 1, 0).ravel()  # fipy: x fastest, then y, z
    times = []
    for _ in range(repeats):
        cpu = time.process_time()
        out, seconds = _fipy_once(fipy, cells, layer, faces, d_cells)
        times.append((seconds, time.process_time() - cpu))
        gc.collect()  # the last run's mesh and matrices, before the next (peak memory)
    seconds, cpu = min(times)
    queue.put({"values": out, "seconds": seconds, "cpu_s": cpu, "repeats": repeats,
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _fipy_once(fipy, cells, layer, faces, d_cells):
    """One FiPy run of the benchmark (mesh, equation, 58 steps): the values and seconds."""
    nz = layer.size
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
    return out, time.perf_counter() - start


class WorkerDied(RuntimeError):
    """A solver's process ended without handing back its result."""


def in_child(target, *args, poll_s: float = 1.0):
    """Run ``target(*args, queue)`` in its own process and return what it puts on the queue.

    A worker that dies (an import error, the out-of-memory killer) never puts anything, so
    the queue is polled while the process lives instead of waited on for ever."""
    queue = mp.Queue()
    process = mp.Process(target=target, args=(*args, queue))
    process.start()
    while True:
        try:
            result = queue.get(timeout=poll_s)
            break
        except queues.Empty:
            if process.is_alive():
                continue
            try:  # it may have put its result just before it ended
                result = queue.get(timeout=poll_s)
                break
            except queues.Empty:
                raise WorkerDied(f"{target.__name__} ended with exit code {process.exitcode} "
                                 "and no result (its traceback, if any, is above)") from None
    process.join()
    return result


def missing_fipy() -> str | None:
    """Why the benchmark cannot run, or None: FiPy is the reference it compares with."""
    if importlib.util.find_spec("fipy") is None:
        return ("transport_vs_fipy: FiPy is not installed; it is the reference solver of this "
                "benchmark. Install it with: pip install -e \".[bench]\"  (or: pip install fipy)")
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 x 50 lateral, coarse depth")
    parser.add_argument("--cells", type=int, default=None)
    parser.add_argument("--depth", choices=sorted(DEPTH), default=None)
    parser.add_argument("--repeats", type=int, default=None,
                        help="runs of each 3D solver, the fastest counts (default 2 with --quick, else 1)")
    parser.add_argument("--preconditioner", choices=("auto", *fastpatch.PRECONDITIONERS),
                        default=fastpatch.PRECONDITIONER, help="of the 3D patch's CG")
    args = parser.parse_args()
    reason = missing_fipy()  # before minutes of needlesim solves, not after them
    if reason:
        sys.exit(reason)
    cells = args.cells or (50 if args.quick else 100)
    depth = args.depth or ("coarse" if (args.quick or cells <= 50) else "medium")
    repeats = args.repeats or (2 if args.quick else 1)
    ours = in_child(run_needlesim, cells, depth, False, repeats, args.preconditioner)
    accurate = in_child(run_needlesim, *ACCURATE, True, repeats, args.preconditioner)
    reduced = in_child(run_reduced)
    face = in_child(run_full_face)
    fipy = in_child(run_fipy, cells, depth, repeats)
    stream_gb_s = in_child(run_stream)
    rel = max(abs(a / b - 1) for a, b in zip(ours["values"], fipy["values"], strict=True))
    cont = list(CONTINUUM.values())
    rel_reduced = max(abs(a / b - 1) for a, b in zip(reduced["values"], cont, strict=True))
    rel_3d_cont = max(abs(a / b - 1) for a, b in zip(ours["values"], cont, strict=True))
    rel_accurate = max(abs(a / b - 1) for a, b in zip(accurate["values"], cont, strict=True))
    reduced_speedup = fipy["seconds"] / reduced["seconds"]
    updates = ours["cells"] * ours["steps"]
    # the CG iterations' memory traffic (fastpatch.BYTES_PER_CELL_ITERATION) over their time,
    # against this machine's one-core copy bandwidth measured in the same run
    used = fastpatch.choose_preconditioner(cells, cells, args.preconditioner)
    moved = fastpatch.BYTES_PER_CELL_ITERATION[used] * ours["iterations"] * ours["cells"]
    inner_gb_s = moved / max(ours["cg_seconds"], 1e-9) / 1e9
    bandwidth = inner_gb_s / stream_gb_s
    print(f"grid {cells} x {cells} lateral x {DEPTH[depth]()[1].size} depth ({depth}) = "
          f"{ours['cells']} cells, {ours['steps']} backward-Euler steps")
    for label, r in (("needlesim 3D", ours), ("fipy PCG", fipy), ("needlesim reduced", reduced),
                     ("needlesim accurate", accurate)):
        print(f"{label:18s} {r['seconds']:8.2f} s  peak {r['peak_mb']:7.0f} MB  delivered "
              + "  ".join(f"{v:7.2f}" for v in r["values"]) + "  ug/cm2 at 1, 6, 24 h")
    print(f"CPU time of the same runs: needlesim 3D {ours['cpu_s']:.2f} s, FiPy {fipy['cpu_s']:.2f} s, "
          f"{fipy['cpu_s'] / ours['cpu_s']:.1f}x")
    print(f"3D inner loop: {ours['iterations']} CG iterations in {ours['cg_seconds']:.2f} s, "
          f"about {inner_gb_s:.1f} GB/s moved, {bandwidth:.0%} of this core's {stream_gb_s:.1f} GB/s "
          "copy bandwidth")
    print("continuum reference " + "  ".join(f"{v:7.2f}" for v in cont))
    print(f"accurate: {ACCURATE[0]} x {ACCURATE[0]} lateral x {DEPTH[ACCURATE[1]]()[1].size} depth "
          f"({ACCURATE[1]}), sub-grid channel model: {accurate['cells']} cells, "
          f"{accurate['seconds']:.2f} s, {rel_accurate:.1%} from the continuum answer, "
          f"{fipy['seconds'] / accurate['seconds']:.0f}x faster than FiPy on the coarser same-grid run")
    grid = GRID_ANSWER.get(cells) if (cells, depth) in ((50, "coarse"), (100, "medium")) else None
    rel_grid = (max(abs(a / b - 1) for a, b in zip(ours["values"], grid, strict=True))
                if grid else None)
    if grid:
        print("README same-grid    " + "  ".join(f"{v:7.2f}" for v in grid))
    print(f"reduced model: {reduced['seconds'] * 1e3:.1f} ms, {reduced_speedup:.0f}x FiPy, "
          f"{rel_reduced:.1%} from the continuum answer (time error {reduced['time_error']:.2%}); "
          f"full-face serum delivery ({face['punctures']} channels): {face['seconds'] * 1e3:.0f} ms "
          f"per patient and session")
    result = {
        "grid_cells": ours["cells"], "lateral_cells": cells,
        "fipy_s": fipy["seconds"], "needlesim_s": ours["seconds"],
        "speedup": fipy["seconds"] / ours["seconds"],
        # CPU seconds of the same runs (both single-threaded): on a shared machine the wall
        # time includes waiting for a core, which a short run may or may not meet
        "fipy_cpu_s": fipy["cpu_s"], "needlesim_cpu_s": ours["cpu_s"],
        "speedup_cpu": fipy["cpu_s"] / ours["cpu_s"],
        "preconditioner": used,
        "rel_error": rel, "rel_error_definition": "max over 1,6,24 h of |needlesim 3D / FiPy - 1|, same grid",
        "needlesim_vs_continuum": rel_3d_cont,
        "needlesim_vs_readme_grid": rel_grid, "depth_grid": depth,
        "jit_load_s": ours["jit_load_s"], "timing": f"best of {repeats} runs for each 3D solver",
        "accurate_s": accurate["seconds"], "accurate_rel_error_vs_continuum": rel_accurate,
        "accurate_ug_cm2": accurate["values"], "accurate_cells": accurate["cells"],
        "accurate_grid": f"{ACCURATE[0]} x {ACCURATE[0]} lateral, {ACCURATE[1]} depth, sub-grid channels",
        "accurate_cg_iterations": accurate["iterations"],
        "reduced_s": reduced["seconds"], "reduced_speedup_vs_fipy": reduced_speedup,
        "reduced_rel_error_vs_continuum": rel_reduced, "reduced_time_error": reduced["time_error"],
        "full_face_deliver_ms": face["seconds"] * 1e3, "full_face_channels": face["punctures"],
        "needlesim_ug_cm2": ours["values"], "fipy_ug_cm2": fipy["values"],
        "reduced_ug_cm2": reduced["values"],
        "needlesim_peak_mb": ours["peak_mb"], "fipy_peak_mb": fipy["peak_mb"],
        "cell_updates_per_s": updates / ours["seconds"], "cg_iterations": ours["iterations"],
        "cg_seconds": ours["cg_seconds"], "inner_loop_gb_s": inner_gb_s,
        "stream_gb_s": stream_gb_s, "bandwidth_fraction_estimate": bandwidth,
        "mass_balance_rel": ours["balance"],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    try:
        main()
    except WorkerDied as exc:
        sys.exit(f"transport_vs_fipy: {exc}")
