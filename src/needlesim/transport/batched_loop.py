"""All unit cells of a session (every channel class, and intact skin) in one time loop.

The same backward-Euler steps and bookkeeping as ``timeloop.integrate``, but the classes'
matrices are stacked into one block-diagonal band (depth-major inside each block, so the
half-bandwidth stays the number of rings) and the whole loop is compiled
(solvers/batched.py): each step's matrix is assembled from the closure's open shares and
factorised by a banded Cholesky of its own only when the shares, the donor's attachment
or the step size change; every class's finite-dose donor is eliminated by its own Schur
complement, whose border solve is kept per factorisation (the blocks do not couple, so
one solve serves all). The closure shares come before the loop and the mass bookkeeping
after it, for all steps at once. Results equal the per-class loop to round-off
(tests/transport/test_batched.py).
"""

from __future__ import annotations

import numpy as np

from needlesim.transport.physics.open_channels import decay_rate, mean_open_share
from needlesim.transport.problem import Problem
from needlesim.transport.solution import Solution
from needlesim.transport.solvers.banded import is_chain
from needlesim.transport.solvers.batched import BandFaces, march
from needlesim.transport.timeloop import integrate, step_times


def batchable(problems: list[Problem]) -> bool:
    """Same donor, closure timing, layers and depth grid; unit-cell (ring) meshes. A donor
    rubbed in is not batched: each problem's lumens take their own share of the film."""
    if not problems:
        return False
    first = problems[0]
    for p in problems:
        ncol = p.mesh.ncol
        if (p.mesh.grid_shape is not None or not is_chain(p.mesh) or p.mesh.nz != first.mesh.nz
                or ncol < 2 or p.mesh.nz < 2 or not p.bottom_sink
                or p.donor != first.donor or p.donor.rub_in
                or p.channel_offset_s != first.channel_offset_s
                or p.channel_switch_s != first.channel_switch_s
                or p.channel_half_life_s.size > 1 or p.mesh.channel_count > 1
                or not np.array_equal(p.mesh.z_faces, first.mesh.z_faces)
                or not np.array_equal(p.mesh.lateral[0], np.arange(ncol - 1))
                or not np.array_equal(p.mesh.lateral[1], np.arange(1, ncol))):
            return False
    same = ("layer_diffusivity", "layer_partition", "layer_loss")
    return all(np.array_equal(getattr(p, k), getattr(first, k)) for p in problems for k in same) and \
        all(p.degradation_per_s == first.degradation_per_s
            and p.channel_diffusivity == first.channel_diffusivity for p in problems)


def open_shares(problems: list[Problem], starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Mean open share (steps, problems) of each problem's channel over every step, as
    Problem.open_share; any value for problems without a channel (their channel fraction
    is 0)."""
    half = np.array([p.channel_half_life_s[0] if p.channel_half_life_s.size else np.inf
                     for p in problems])
    late = np.array([(p.channel_late_half_life_s[0] if p.channel_late_half_life_s is not None
                      and p.channel_late_half_life_s.size else h)
                     for p, h in zip(problems, half, strict=True)])
    first = problems[0]
    return mean_open_share(decay_rate(half)[None, :], decay_rate(late)[None, :], first.channel_switch_s,
                           first.channel_offset_s, starts[:, None], ends[:, None])


def integrate_batch(problems: list[Problem], t_end: float, dt_first: float, dt_max: float,
                    stops=(), growth: float = 2.0, freeze: int = 1) -> list[Solution]:
    """One Solution per problem, as ``integrate`` would give each (to round-off).

    ``freeze`` > 1: runs of that many consecutive steps of the largest size share one
    matrix, with the channels' mean open share over the run (one factorisation per run
    instead of per step; an approximation of the closure in time, tested in test_batched)."""
    if not batchable(problems):
        return [integrate(p, t_end, dt_first, dt_max, stops, growth=growth) for p in problems]
    rings = sorted({p.mesh.ncol for p in problems})
    if len(rings) > 1:
        # one band per ring count: padding small cells to the widest band costs more flops
        # than a second time loop (the factorisation cost grows with the rings cubed)
        out: list[Solution | None] = [None] * len(problems)
        for count in rings:
            index = [i for i, p in enumerate(problems) if p.mesh.ncol == count]
            group = integrate_batch([problems[i] for i in index], t_end, dt_first, dt_max, stops,
                                    growth, freeze)
            for i, solution in zip(index, group, strict=True):
                out[i] = solution
        return out
    first = problems[0]
    donor = first.donor
    nb, ncol, nz = len(problems), first.mesh.ncol, first.mesh.nz
    n = ncol * nz
    dz = first.mesh.dz
    finite = donor.volume_m3_per_m2 is not None
    area_col = np.stack([p.mesh.column_area for p in problems])  # (nb, ncol)
    area = area_col.sum(axis=1)  # (nb,)
    fraction = np.stack([p.mesh.channel_fraction * (p.mesh.channel_of_column >= 0)[:, None]
                         for p in problems])  # (nb, ncol, nz)
    length, d1, d2 = (np.stack([p.mesh.lateral[k] for p in problems]) for k in (2, 3, 4))  # (nb, ncol - 1)
    capacity = np.stack([p.capacity() for p in problems])  # (nb, ncol, nz)
    clear_rate, deg_rate = first.loss_rates()
    film = donor.film
    contact = donor.contact_s
    dry = film.dry_time_s(donor.volume_m3_per_m2)
    times = step_times(t_end, dt_first, dt_max,
                       list(stops) + [s for s in (contact, dry) if s is not None], growth)
    nt = times.size + 1
    starts = np.concatenate([[0.0], times[:-1]])
    dts = times - starts
    # the donor stays until the end of the step that reaches the contact time
    if contact is None:
        attached = np.ones(times.size, dtype=bool)
    else:
        reached = times >= contact - 1e-9
        attached = ~np.concatenate([[False], np.cumsum(reached)[:-1] > 0])
    coupled = attached & finite
    touch = film.contact(donor.volume_m3_per_m2, times)  # the film's contact per step (film.py)
    # film volume at the end of each step, per block
    donor_volume = (film.volume(donor.volume_m3_per_m2, times)[:, None] * area[None, :] if finite
                    else np.zeros((times.size, nb)))
    # everything that does not depend on the solution, for all steps at once: the closure
    # shares, conductances (batched fv_matrix.conductances) and the band of every step
    share = open_shares(problems, starts, times)
    if freeze > 1:
        big = np.flatnonzero(np.isclose(dts, dts.max(), rtol=1e-9))
        runs = np.split(big, np.flatnonzero(np.diff(big) > 1) + 1)
        for run in runs:
            for chunk in np.array_split(run, max(1, int(np.ceil(run.size / freeze)))):
                share[chunk] = share[chunk].mean(axis=0)
    ns = times.size
    cap = capacity.transpose(0, 2, 1).reshape(nb * n)  # depth-major
    loss = cap * np.tile(np.repeat(clear_rate + deg_rate, ncol), nb)
    # one matrix per run of steps with the same open shares, donor state and step size
    key = np.column_stack([np.round(share, 12), attached, dts])
    fresh = np.concatenate([[True], np.any(key[1:] != key[:-1], axis=1)])
    dose = donor.concentration_kg_m3 * donor.volume_m3_per_m2 * area if finite else np.full(nb, np.inf)
    c_donor0 = np.full(nb, min(donor.concentration_kg_m3, film.solubility_kg_m3), dtype=float)
    faces = BandFaces(np.ascontiguousarray(first.base_conductivity), fraction,
                      float(first.channel_diffusivity), area_col, length, d1, d2, dz, loss)
    states, donors, masses, top, bottom = march(
        faces, np.ascontiguousarray(share), cap, dts, fresh, attached, np.asarray(touch, dtype=float),
        coupled, finite, np.ascontiguousarray(donor_volume, dtype=float),
        float(donor.degradation_per_s), c_donor0, np.asarray(dose if finite else np.zeros(nb), dtype=float),
        float(film.solubility_kg_m3))
    # bookkeeping with each step's new state (as integrate), for all steps at once
    state = states.reshape(ns, nb, nz, ncol).transpose(0, 1, 3, 2)  # (ns, nb, ncol, nz)
    mass = np.einsum("bcz,sbcz->sbz", capacity, state)  # (ns, nb, nz)
    step_clear = dts[:, None, None] * mass * clear_rate
    step_deg = dts[:, None, None] * mass * deg_rate
    surface = dts[:, None] * np.sum(top * (touch[:, None, None] * donors[:, :, None] - state[..., 0]),
                                    axis=2)
    degraded = step_deg.sum(axis=2) + (dts * coupled)[:, None] * donor_volume \
        * donor.degradation_per_s * donors
    sink = dts[:, None] * np.sum(bottom * state[..., -1], axis=2)
    wiped = np.zeros((ns, nb))
    wipe = np.flatnonzero(attached & (times >= contact - 1e-9)) if contact is not None else []
    still = attached.copy()  # donor present after the step
    if len(wipe):
        still[wipe[0]] = False
        if finite:
            wiped[wipe[0]] = masses[wipe[0]]
    lost_by_depth = np.cumsum(step_clear + step_deg, axis=0)
    totals = {"cleared": np.cumsum(step_clear.sum(axis=2), axis=0),
              "degraded": np.cumsum(degraded, axis=0), "sink": np.cumsum(sink, axis=0),
              "wiped": np.cumsum(wiped, axis=0), "surface": np.cumsum(surface, axis=0)}
    rec = {name: np.concatenate([np.zeros((1, nb)), v]) for name, v in totals.items()}
    rec["donor"] = np.concatenate([[dose if finite else np.zeros(nb)],
                                   masses * (still & finite)[:, None]])
    rec["skin"] = np.concatenate([np.zeros((1, nb)), mass.sum(axis=2)])
    depth_mass = np.concatenate([np.zeros((1, nb, nz)), mass])
    below = np.cumsum((mass + lost_by_depth)[:, :, ::-1], axis=2)[:, :, ::-1]
    entered = np.zeros((nt, nb, nz + 1))
    entered[1:, :, :nz] = below + rec["sink"][1:, :, None]
    entered[1:, :, nz] = rec["sink"][1:]
    all_times = np.concatenate([[0.0], times])
    return [
        Solution(times_s=all_times, z_faces=first.mesh.z_faces, area_m2=float(area[b]),
                 dose_kg=float(dose[b]), donor_kg=rec["donor"][:, b], skin_kg=rec["skin"][:, b],
                 cleared_kg=rec["cleared"][:, b], degraded_kg=rec["degraded"][:, b],
                 sink_kg=rec["sink"][:, b], wiped_kg=rec["wiped"][:, b],
                 surface_in_kg=rec["surface"][:, b], depth_mass_kg=depth_mass[:, b],
                 entered_below_kg=entered[:, b])
        for b in range(nb)
    ]
