"""All unit cells of a session (every channel class, and intact skin) in one time loop.

The same backward-Euler steps and bookkeeping as ``integrate.integrate``, but the classes'
matrices are stacked into one block-diagonal band (depth-major inside each block, so the
half-bandwidth stays the number of rings) and the whole loop is compiled (Numba): each
step's matrix is assembled from the closure's open shares and factorised by a banded
Cholesky of its own only when the shares, the donor's attachment or the step size change;
every class's finite-dose donor is eliminated by its own Schur complement, whose border
solve is kept per factorisation (the blocks do not couple, so one solve serves all). The
closure shares come before the loop and the mass bookkeeping after it, for all steps at
once. Results equal the per-class loop to round-off (tests/transport/test_batched.py).
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from needlesim.transport.banded import is_chain
from needlesim.transport.integrate import Solution, integrate, step_times
from needlesim.transport.problem import Problem, _rate

TINY = 1e-300


def batchable(problems: list[Problem]) -> bool:
    """Same donor, closure timing, layers and depth grid; unit-cell (ring) meshes."""
    if not problems:
        return False
    first = problems[0]
    for p in problems:
        ncol = p.mesh.ncol
        if (p.mesh.grid_shape is not None or not is_chain(p.mesh) or p.mesh.nz != first.mesh.nz
                or ncol < 2 or p.mesh.nz < 2 or not p.bottom_sink
                or p.donor != first.donor or p.channel_offset_s != first.channel_offset_s
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


def _shares(problems: list[Problem], starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Mean open share (steps, problems) of each problem's channel over every step, as
    Problem.open_share (exact integral of the early/late exponential decay); any value for
    problems without a channel (their channel fraction is 0)."""
    half = np.array([p.channel_half_life_s[0] if p.channel_half_life_s.size else np.inf
                     for p in problems])
    late = np.array([(p.channel_late_half_life_s[0] if p.channel_late_half_life_s is not None
                      and p.channel_late_half_life_s.size else h)
                     for p, h in zip(problems, half, strict=True)])
    first = problems[0]
    early_rate, late_rate = _rate(half)[None, :], _rate(late)[None, :]
    switch = first.channel_switch_s
    tau0 = np.maximum(starts + first.channel_offset_s, 0.0)[:, None]
    tau1 = (ends + first.channel_offset_s)[:, None]

    def exponent(tau):
        return early_rate * np.minimum(tau, switch) + late_rate * np.maximum(tau - switch, 0.0)

    def piece(a, b, rate):  # integral of exp(-exponent) over [a, b] with constant rate
        span = np.maximum(b - a, 0.0)
        x = rate * span
        factor = np.where(x > 1e-8, -np.expm1(-x) / np.where(x > 1e-8, x, 1.0), 1.0 - x / 2)
        return np.exp(-exponent(a)) * span * factor

    total = (piece(tau0, np.minimum(tau1, switch), early_rate)
             + piece(np.maximum(tau0, switch), tau1, late_rate))
    return np.where(tau1 > tau0, total / (ends - starts)[:, None], 0.0)


@numba.njit(cache=True)
def _factor(diag, left, above, ncol, chol):  # pragma: no cover - compiled
    """Banded Cholesky of the matrix with diagonal ``diag`` and off-diagonals A(i, i-1) =
    left[i], A(i, i-ncol) = above[i]: chol[i, k] = L(i, i-k), k = 0 .. ncol."""
    size = diag.size
    for i in range(size):
        for k in range(min(i, ncol), -1, -1):
            j = i - k
            if k == 0:
                value = diag[i]
            elif k == 1:
                value = left[i]
            elif k == ncol:
                value = above[i]
            else:
                value = 0.0
            for m in range(max(i - ncol, 0), j):
                value -= chol[i, i - m] * chol[j, j - m]
            if k == 0:
                if value <= 0.0:
                    raise ValueError("banded Cholesky: matrix not positive definite")
                chol[i, 0] = np.sqrt(value)
            else:
                chol[i, k] = value / chol[j, 0]


@numba.njit(cache=True)
def _solve(chol, ncol, b):  # pragma: no cover - compiled
    """Solve L L^T x = b in place (b: one vector); rows of ``chol`` are read contiguously."""
    size = b.size
    for i in range(size):
        value = b[i]
        for m in range(max(i - ncol, 0), i):
            value -= chol[i, i - m] * b[m]
        b[i] = value / chol[i, 0]
    for i in range(size - 1, -1, -1):
        b[i] /= chol[i, 0]
        value = b[i]
        for k in range(1, min(ncol, i) + 1):
            b[i - k] -= chol[i, k] * value


class Faces(NamedTuple):
    """What the matrices of every step are made of: the cells' base conductivities (D K)
    per depth, channel fractions, the channel's D, column areas, ring faces, depth steps,
    and the diagonal's constant part (padding's unit entries and the losses)."""

    base: np.ndarray  # (nz,)
    fraction: np.ndarray  # (nb, ncol, nz)
    channel: float
    area: np.ndarray  # (nb, ncol)
    length: np.ndarray  # (nb, ncol - 1) lateral face lengths
    inner: np.ndarray  # (nb, ncol - 1) distance from the inner ring's centre to the face
    outer: np.ndarray  # (nb, ncol - 1) from the face to the outer ring's centre
    dz: np.ndarray  # (nz,)
    constant: np.ndarray  # (nb * nz * ncol,)


@numba.njit(cache=True)
def _assemble(faces, share, attached, diag, left, above, top, bottom):  # pragma: no cover
    """The matrix of a step whose channels are open by ``share`` (per block): diagonal,
    off-diagonals A(i, i-1) and A(i, i-ncol) (depth-major blocks side by side), and the
    top (donor) and bottom (sink) conductances of every column, as assemble.conductances."""
    nb, ncol, nz = faces.fraction.shape
    n = ncol * nz
    diag[:] = faces.constant
    left[:] = 0.0
    above[:] = 0.0
    cond = np.empty((ncol, nz))
    for b in range(nb):
        for c in range(ncol):
            for z in range(nz):
                value = faces.base[z] + faces.fraction[b, c, z] * share[b] * (faces.channel - faces.base[z])
                cond[c, z] = max(value, TINY)
        for c in range(ncol):
            area = faces.area[b, c]
            for z in range(nz):
                i = b * n + z * ncol + c
                if z + 1 < nz:
                    g = area / (0.5 * faces.dz[z] / cond[c, z] + 0.5 * faces.dz[z + 1] / cond[c, z + 1])
                    diag[i] += g
                    diag[i + ncol] += g
                    above[i + ncol] = -g
                if c + 1 < ncol:
                    g = faces.length[b, c] * faces.dz[z] / (faces.inner[b, c] / cond[c, z]
                                                           + faces.outer[b, c] / cond[c + 1, z])
                    diag[i] += g
                    diag[i + 1] += g
                    left[i + 1] = -g
            top[b, c] = area / (0.5 * faces.dz[0] / cond[c, 0]) if attached else 0.0
            bottom[b, c] = area / (0.5 * faces.dz[nz - 1] / cond[c, nz - 1])
            diag[b * n + c] += top[b, c]
            diag[b * n + (nz - 1) * ncol + c] += bottom[b, c]


@numba.njit(cache=True)
def _march(faces, share, cap, dts, fresh, attached, coupled, finite, donor_volume, degradation,
           c_donor):  # pragma: no cover - compiled
    """The backward-Euler steps of all blocks; a finite-dose donor per block eliminated by
    its Schur complement. Its border column's solve ``w`` depends only on the matrix and
    the donor's coupling, so it is computed once per factorisation. Returns the states,
    donor concentrations and each step's top (unattached: 0) and bottom conductances."""
    nb, ncol, nz = faces.fraction.shape
    n = ncol * nz
    ns, size = dts.size, nb * n
    chol = np.zeros((size, ncol + 1))
    diag, left, above = np.zeros(size), np.zeros(size), np.zeros(size)
    top, bottom = np.zeros((ns, nb, ncol)), np.zeros((ns, nb, ncol))
    states = np.zeros((ns, size))
    donors = np.zeros((ns, nb))
    u = np.zeros(size)
    w = np.zeros(size)
    c_donor = c_donor.copy()
    for step in range(ns):
        dt = dts[step]
        if fresh[step]:
            _assemble(faces, share[step], attached[step], diag, left, above, top[step], bottom[step])
            _factor(diag + cap / dt, left, above, ncol, chol)
            if coupled[step]:
                w[:] = 0.0
                for b in range(nb):
                    for c in range(ncol):
                        w[b * n + c] = -top[step, b, c]
                _solve(chol, ncol, w)
        else:
            top[step] = top[step - 1]
            bottom[step] = bottom[step - 1]
        for i in range(size):
            u[i] = cap[i] / dt * u[i]
        if attached[step] and not finite:
            for b in range(nb):
                for c in range(ncol):
                    u[b * n + c] += top[step, b, c] * c_donor[b]
        _solve(chol, ncol, u)
        if coupled[step]:
            for b in range(nb):
                edge_w = 0.0
                edge_y = 0.0
                total_top = 0.0
                for c in range(ncol):
                    edge_w -= top[step, b, c] * w[b * n + c]
                    edge_y -= top[step, b, c] * u[b * n + c]
                    total_top += top[step, b, c]
                schur = total_top + donor_volume[b] / dt + donor_volume[b] * degradation - edge_w
                c_donor[b] = (donor_volume[b] / dt * c_donor[b] - edge_y) / schur
                for i in range(b * n, (b + 1) * n):
                    u[i] -= w[i] * c_donor[b]
        states[step] = u
        donors[step] = c_donor
    return states, donors, top, bottom


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
    nb, nz = len(problems), first.mesh.nz
    # unit cells with fewer rings are padded to the most rings by dummy columns: no area, no
    # capacity, no faces, unit diagonal (their unknowns stay 0 and carry nothing)
    ncol = max(p.mesh.ncol for p in problems)
    n = ncol * nz
    dz = first.mesh.dz
    finite = donor.volume_m3_per_m2 is not None

    def pad(values, fill=0.0):
        out = np.full((nb, ncol) + values[0].shape[1:], fill)
        for b, v in enumerate(values):
            out[b, : v.shape[0]] = v
        return out

    area_col = pad([p.mesh.column_area for p in problems])  # (nb, ncol)
    area = area_col.sum(axis=1)  # (nb,)
    dummy = pad([np.zeros((p.mesh.ncol, nz)) for p in problems], 1.0)
    dummy = dummy.transpose(0, 2, 1).reshape(nb, n)  # depth-major
    fraction = pad([p.mesh.channel_fraction * (p.mesh.channel_of_column >= 0)[:, None]
                    for p in problems])  # (nb, ncol, nz)
    length = pad([p.mesh.lateral[2] for p in problems])[:, :-1]  # (nb, ncol - 1)
    d1 = pad([p.mesh.lateral[3] for p in problems], 1.0)[:, :-1]
    d2 = pad([p.mesh.lateral[4] for p in problems], 1.0)[:, :-1]
    capacity = pad([p.capacity() for p in problems])  # (nb, ncol, nz)
    clear_rate, deg_rate = first.loss_rates()
    base = first.base_conductivity[None, None, None, :]
    chan_d = first.channel_diffusivity
    donor_volume = donor.volume_m3_per_m2 * area if finite else np.zeros(nb)
    contact = donor.contact_s
    times = step_times(t_end, dt_first, dt_max, list(stops) + ([contact] if contact else []), growth)
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
    # everything that does not depend on the solution, for all steps at once: the closure
    # shares, conductances (batched assemble.conductances) and the band of every step
    share = _shares(problems, starts, times)
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
    c_donor0 = np.full(nb, donor.concentration_kg_m3, dtype=float)
    dose = c_donor0 * donor_volume if finite else np.full(nb, np.inf)
    states, donors, top, bottom = _march(
        Faces(np.ascontiguousarray(base.ravel()), np.ascontiguousarray(fraction), float(chan_d),
              np.ascontiguousarray(area_col), np.ascontiguousarray(length), np.ascontiguousarray(d1),
              np.ascontiguousarray(d2), dz, np.ascontiguousarray(dummy.ravel() + loss)),
        np.ascontiguousarray(share), cap, dts, fresh, attached, coupled, finite,
        np.asarray(donor_volume, dtype=float), float(donor.degradation_per_s), c_donor0)
    # bookkeeping with each step's new state (as integrate), for all steps at once
    state = states.reshape(ns, nb, nz, ncol).transpose(0, 1, 3, 2)  # (ns, nb, ncol, nz)
    mass = np.einsum("bcz,sbcz->sbz", capacity, state)  # (ns, nb, nz)
    step_clear = dts[:, None, None] * mass * clear_rate
    step_deg = dts[:, None, None] * mass * deg_rate
    surface = dts[:, None] * np.sum(top * (donors[:, :, None] - state[..., 0]), axis=2)
    degraded = step_deg.sum(axis=2) + (dts * coupled)[:, None] * donor_volume \
        * donor.degradation_per_s * donors
    sink = dts[:, None] * np.sum(bottom * state[..., -1], axis=2)
    wiped = np.zeros((ns, nb))
    wipe = np.flatnonzero(attached & (times >= contact - 1e-9)) if contact is not None else []
    still = attached.copy()  # donor present after the step
    if len(wipe):
        still[wipe[0]] = False
        if finite:
            wiped[wipe[0]] = donors[wipe[0]] * donor_volume
    lost_by_depth = np.cumsum(step_clear + step_deg, axis=0)
    totals = {"cleared": np.cumsum(step_clear.sum(axis=2), axis=0),
              "degraded": np.cumsum(degraded, axis=0), "sink": np.cumsum(sink, axis=0),
              "wiped": np.cumsum(wiped, axis=0), "surface": np.cumsum(surface, axis=0)}
    rec = {name: np.concatenate([np.zeros((1, nb)), v]) for name, v in totals.items()}
    rec["donor"] = np.concatenate([[dose if finite else np.zeros(nb)],
                                   donors * donor_volume * (still & finite)[:, None]])
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
