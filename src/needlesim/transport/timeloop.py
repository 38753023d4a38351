"""Backward-Euler time loop of one Problem with exact bookkeeping of where the mass went.

Every flux and loss of a step is evaluated with the new concentrations, so (donor: the
active on the surface, dissolved or not, until wiped off)

    donor + skin + cleared + degraded + sink + wiped = dose (finite dose)
    skin + cleared + degraded + sink = what crossed the surface (both)

hold to the accuracy of the linear solve (round-off with the direct solvers). The linear
algebra of a step is the step solver's (solvers/step.py), chosen once per problem.

A donor rubbed in (``Donor.rub_in``) fills the open channel lumens as it goes on: each
lumen takes the film's dissolved solution, which counts as crossed the surface in the
first step, and the film left on the skin is that much thinner (none, when the lumens
hold more than the film: the skin then has no donor on it).
"""

from __future__ import annotations

import numpy as np

from needlesim.interrupts import checkpoint
from needlesim.transport.geometry.column_mesh import ColumnMesh
from needlesim.transport.problem import Problem
from needlesim.transport.solution import Solution
from needlesim.transport.solvers import fastpatch
from needlesim.transport.solvers.banded import BandedSolver, is_chain
from needlesim.transport.solvers.fv_matrix import conductances
from needlesim.transport.solvers.linear import SparseSolver
from needlesim.transport.solvers.step import CoupledDonor, StepSolver


def step_times(t_end: float, dt_first: float, dt_max: float, stops=(), growth: float = 2.0) -> np.ndarray:
    """Step end times: steps grow geometrically from dt_first to dt_max and stop at ``stops``."""
    stops = sorted({float(s) for s in stops if 0 < s < t_end} | {float(t_end)})
    times, t, dt = [], 0.0, dt_first
    for stop in stops:
        while t < stop - 1e-9:
            t = min(t + dt, stop)
            if stop - t < 1e-6 * dt:
                t = stop
            times.append(t)
            dt = min(dt * growth, dt_max)
    return np.asarray(times)


def step_solver(mesh: ColumnMesh, capacity: np.ndarray, loss: np.ndarray, rtol: float) -> StepSolver:
    """Unit cells and slabs: banded Cholesky; 3D patches: compiled PCG (while enabled);
    any other mesh: the sparse solver. ``rtol``: the iterative solvers' tolerance."""
    if is_chain(mesh):
        return BandedSolver(mesh, capacity, loss)
    if mesh.grid_shape is not None and fastpatch.ENABLED:
        return fastpatch.PatchSolver(mesh, capacity, loss, rtol)
    return SparseSolver(mesh, capacity, loss, rtol)


def rubbed_in(problem: Problem, dissolved_kg_m3: float) -> tuple[np.ndarray, float]:
    """The active each cell takes when the donor is rubbed into the open channel lumens
    (ncol, nz) [kg], and the volume of film that fills them [m3] (all of the film, at
    most). Nothing when the donor is not rubbed in."""
    donor, area = problem.donor, problem.mesh.area_m2
    if not donor.rub_in:
        return np.zeros_like(problem.mesh.volume), 0.0
    lumen = problem.lumen_volume_m3()
    total = float(lumen.sum())
    film = donor.volume_m3_per_m2 * area if donor.volume_m3_per_m2 is not None else np.inf
    filled = min(1.0, film / total) if total > 0 else 0.0
    return dissolved_kg_m3 * lumen * filled, total * filled


def integrate(problem: Problem, t_end: float, dt_first: float, dt_max: float,
              stops=(), rtol: float = 1e-11, growth: float = 2.0) -> Solution:
    mesh, donor = problem.mesh, problem.donor
    nz = mesh.nz
    finite = donor.volume_m3_per_m2 is not None
    area = mesh.area_m2
    capacity = problem.capacity()  # (ncol, nz)
    clear_rate, deg_rate = problem.loss_rates()
    loss = capacity * (clear_rate[None, :] + deg_rate)
    film = donor.film
    c_donor = min(donor.concentration_kg_m3, film.solubility_kg_m3)  # dissolved
    taken, lumen_m3 = rubbed_in(problem, c_donor)
    film_m3_per_m2 = max(donor.volume_m3_per_m2 - lumen_m3 / area, 0.0) if finite else None  # on top
    contact = donor.contact_s
    dry = film.dry_time_s(film_m3_per_m2)
    times = step_times(t_end, dt_first, dt_max,
                       list(stops) + [s for s in (contact, dry) if s is not None], growth)
    nt = times.size + 1
    solver = step_solver(mesh, capacity, loss, rtol)
    # the film's volume at the end of each step and its contact with the skin (film.py):
    # a contact f below 1 lets the film act on the skin at f times its dissolved
    # concentration, solved for the film's activity a = f c, whose capacity is volume / f
    volumes = film.volume(film_m3_per_m2, times) * area if finite else np.zeros(times.size)
    touch = film.contact(film_m3_per_m2, times)
    cap = film.solubility_kg_m3

    stored = taken.copy()  # capacity * u: the mass in each cell
    u = stored / capacity
    dose = donor.concentration_kg_m3 * donor.volume_m3_per_m2 * area if finite else np.inf
    donor_mass = dose - taken.sum() if finite else 0.0
    rec = {k: np.zeros(nt) for k in ("donor", "skin", "cleared", "degraded", "sink", "wiped", "surface")}
    rec["donor"][0] = dose if finite else 0.0
    depth_mass = np.zeros((nt, nz))
    lost_by_depth = np.zeros(nz)
    entered = np.zeros((nt, nz + 1))
    totals = dict.fromkeys(("cleared", "degraded", "sink", "wiped"), 0.0)
    totals["surface"] = float(taken.sum())  # rubbed in: crossed the surface as it went on
    attached = not (finite and film_m3_per_m2 == 0.0)  # a film rubbed in whole leaves none
    faces_key, g = None, None
    t_prev = 0.0
    for n, t in enumerate(times, start=1):
        checkpoint()  # an interrupt lost in the compiled solver's callbacks stops here
        dt = t - t_prev
        share = problem.open_share(t_prev, t)
        f = float(touch[n - 1])
        key = tuple(np.round(share, 12)) + (attached,)
        if key != faces_key:  # new faces when the open shares or the donor's attachment change
            g = conductances(mesh, problem.conductivity(share), problem.bottom_sink, float(attached))
            solver.set_faces(g)
            faces_key = key
        rhs = stored / dt
        volume = volumes[n - 1] / f  # the capacity of the film's activity
        if finite and attached:
            coupled = CoupledDonor(volume / dt + volume * donor.degradation_per_s, donor_mass / dt,
                                   f * c_donor)
            u_new, activity = solver.step(dt, rhs, u, coupled)
            if activity > f * cap:  # saturated: the dissolved part is held, the excess waits
                held = rhs.copy()
                held[:, 0] += g.top * f * cap
                u_new, _ = solver.step(dt, held, u, None)
                activity = f * cap
            u = u_new
            new_donor = activity / f
        else:
            if attached:
                rhs[:, 0] += g.top * f * c_donor
            u, _ = solver.step(dt, rhs, u, None)
            new_donor = c_donor
        # bookkeeping with the new state
        surface = dt * float(np.sum(g.top * (f * new_donor - u[:, 0]))) if attached else 0.0
        stored = np.multiply(capacity, u, out=stored)
        mass = stored.sum(axis=0)  # by depth
        step_loss_clear = dt * clear_rate * mass  # (rates by depth: one pass for all terms)
        step_loss_deg = dt * deg_rate * mass
        lost_by_depth += step_loss_clear + step_loss_deg
        totals["cleared"] += step_loss_clear.sum()
        totals["degraded"] += step_loss_deg.sum()
        if finite and attached:
            donor_loss = dt * volumes[n - 1] * donor.degradation_per_s * new_donor
            totals["degraded"] += donor_loss
            donor_mass -= surface + donor_loss
        totals["sink"] += dt * float(np.sum(g.bottom * u[:, -1]))
        totals["surface"] += surface
        c_donor = new_donor
        if contact is not None and attached and t >= contact - 1e-9:
            attached = False
            if finite:
                totals["wiped"] += donor_mass
                donor_mass = 0.0
        depth_mass[n] = mass
        below = np.concatenate([np.cumsum((mass + lost_by_depth)[::-1])[::-1], [0.0]])
        entered[n] = below + totals["sink"]
        rec["donor"][n] = donor_mass if (finite and attached) else 0.0
        rec["skin"][n] = mass.sum()
        for name in ("cleared", "degraded", "sink", "wiped", "surface"):
            rec[name][n] = totals[name]
        t_prev = t
    return Solution(
        times_s=np.concatenate([[0.0], times]), z_faces=mesh.z_faces, area_m2=area,
        dose_kg=dose, donor_kg=rec["donor"], skin_kg=rec["skin"], cleared_kg=rec["cleared"],
        degraded_kg=rec["degraded"], sink_kg=rec["sink"], wiped_kg=rec["wiped"],
        surface_in_kg=rec["surface"], depth_mass_kg=depth_mass, entered_below_kg=entered,
    )
