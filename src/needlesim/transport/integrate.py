"""Backward-Euler integration of a Problem with exact bookkeeping of where the mass went.

Every flux and loss of a step is evaluated with the new concentrations, so

    donor + skin + cleared + degraded + sink + wiped = dose (finite dose)
    skin + cleared + degraded + sink = what crossed the surface (both)

hold to the accuracy of the linear solve (round-off with the direct solver).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from needlesim.transport import fastpatch
from needlesim.transport.assemble import conductances, laplacian
from needlesim.transport.banded import BandedSystem, is_chain
from needlesim.transport.fftprecond import LateralFFT
from needlesim.transport.linear import solve
from needlesim.transport.problem import Problem


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


@dataclass
class Solution:
    times_s: np.ndarray  # (nt,) including 0
    z_faces: np.ndarray
    area_m2: float
    dose_kg: float  # finite dose; for an infinite dose, what crossed the surface
    donor_kg: np.ndarray  # (nt,)
    skin_kg: np.ndarray  # (nt,)
    cleared_kg: np.ndarray
    degraded_kg: np.ndarray  # in skin and in the donor
    sink_kg: np.ndarray
    wiped_kg: np.ndarray
    surface_in_kg: np.ndarray  # cumulative flux from the donor into the skin
    depth_mass_kg: np.ndarray  # (nt, nz) mass in each depth cell (all columns)
    entered_below_kg: np.ndarray  # (nt, nz + 1) cumulative amount that crossed each face

    def per_area(self, values: np.ndarray) -> np.ndarray:
        return values / self.area_m2

    def entered_below(self, depth_m: float) -> np.ndarray:
        """Cumulative amount per area [kg/m2] that crossed the plane at ``depth_m`` (a face)."""
        index = int(np.argmin(np.abs(self.z_faces - depth_m)))
        return self.entered_below_kg[:, index] / self.area_m2

    def concentration(self) -> np.ndarray:
        """Laterally averaged tissue concentration [kg/m3] (nt, nz)."""
        return self.depth_mass_kg / (self.area_m2 * np.diff(self.z_faces))[None, :]

    def balance_error_kg(self) -> np.ndarray:
        accounted = (self.donor_kg + self.skin_kg + self.cleared_kg + self.degraded_kg
                     + self.sink_kg + self.wiped_kg)
        if np.isfinite(self.dose_kg) and self.dose_kg > 0:
            return accounted - self.dose_kg
        # infinite dose: what entered must be in the skin or lost from it
        return self.skin_kg + self.cleared_kg + self.degraded_kg + self.sink_kg - self.surface_in_kg


def lateral_preconditioner(mesh, g, diag: np.ndarray, attached: bool) -> LateralFFT:
    nx, ny = mesh.grid_shape
    half = g.lateral.shape[0] // 2
    boundary = np.zeros(mesh.nz)
    boundary[0] += g.top.mean() if attached else 0.0
    boundary[-1] += g.bottom.mean()
    return LateralFFT(diag.reshape(mesh.ncol, mesh.nz).mean(axis=0), g.vertical.mean(axis=0),
                      g.lateral[:half].mean(axis=0), g.lateral[half:].mean(axis=0), boundary, nx, ny)


def integrate(problem: Problem, t_end: float, dt_first: float, dt_max: float,
              stops=(), rtol: float = 1e-11, growth: float = 2.0) -> Solution:
    mesh, donor = problem.mesh, problem.donor
    ncol, nz = mesh.ncol, mesh.nz
    finite = donor.volume_m3_per_m2 is not None
    area = mesh.area_m2
    capacity = problem.capacity()  # (ncol, nz)
    clear_rate, deg_rate = problem.loss_rates()
    loss = capacity * (clear_rate[None, :] + deg_rate)
    donor_volume = donor.volume_m3_per_m2 * area if finite else 0.0
    contact = donor.contact_s
    times = step_times(t_end, dt_first, dt_max, list(stops) + ([contact] if contact else []), growth)
    nt = times.size + 1

    u = np.zeros((ncol, nz))
    border = np.zeros((ncol, nz))  # the donor's column in the compiled patch solver
    c_donor = donor.concentration_kg_m3
    dose = c_donor * donor_volume if finite else np.inf
    rec = {k: np.zeros(nt) for k in ("donor", "skin", "cleared", "degraded", "sink", "wiped", "surface")}
    rec["donor"][0] = dose if finite else 0.0
    depth_mass = np.zeros((nt, nz))
    lost_by_depth = np.zeros(nz)
    entered = np.zeros((nt, nz + 1))
    totals = dict.fromkeys(("cleared", "degraded", "sink", "wiped", "surface"), 0.0)
    attached = True
    cache_key, base, system = None, None, None
    banded = is_chain(mesh)  # unit cells and slabs: banded Cholesky, cached per step size
    compiled = mesh.grid_shape is not None and fastpatch.AVAILABLE  # 3D patch: Numba PCG
    t_prev = 0.0
    for n, t in enumerate(times, start=1):
        dt = t - t_prev
        share = problem.open_share(t_prev, t)
        key = tuple(np.round(share, 12)) + (attached,)
        if key != cache_key:
            p = problem.conductivity(share)
            g = conductances(mesh, p, problem.bottom_sink)
            if not attached:
                g = type(g)(g.vertical, g.lateral, np.zeros_like(g.top), g.bottom)
            if banded:
                system = BandedSystem(mesh, g)
            elif compiled:
                system = fastpatch.PatchSolver(mesh, g)
            else:
                system = None
                base = laplacian(mesh, g, donor_coupled=finite and attached)
            top, bottom = g.top, g.bottom
            cache_key = key
        extra = capacity / dt + loss
        rhs = capacity / dt * u
        if finite and attached:
            donor_diag = donor_volume / dt + donor_volume * donor.degradation_per_s
            donor_rhs = donor_volume / dt * c_donor
        elif attached:
            rhs[:, 0] += top * c_donor
        if banded:
            coupled = (float(top.sum()) + donor_diag, donor_rhs) if (finite and attached) else None
            x, new_donor = system.solve(dt, extra, rhs.ravel(), coupled)
            u = x.reshape(ncol, nz)
            if new_donor is None:
                new_donor = c_donor
        elif system is not None and finite and attached:
            # the donor by its Schur complement: A y = rhs and A w = (its coupling to the
            # top cells), then c = (donor_rhs + top . y_top) / (donor_diag + sum(top) - top . w_top)
            coupling = np.zeros((ncol, nz))
            coupling[:, 0] = top
            y = system.solve(dt, extra, rhs.ravel(), u.ravel(), rtol).reshape(ncol, nz)
            border = system.solve(dt, extra, coupling.ravel(), border.ravel(), rtol).reshape(ncol, nz)
            new_donor = ((donor_rhs + float(top @ y[:, 0]))
                         / (donor_diag + float(top.sum()) - float(top @ border[:, 0])))
            u = y + border * new_donor
        elif system is not None:
            u = system.solve(dt, extra, rhs.ravel(), u.ravel(), rtol).reshape(ncol, nz)
            new_donor = c_donor
        else:
            diag, rhs = extra.ravel(), rhs.ravel()
            if finite and attached:
                diag = np.append(diag, donor_diag)
                rhs = np.append(rhs, donor_rhs)
            matrix = base + sp.diags(diag)
            guess = np.append(u.ravel(), c_donor) if (finite and attached) else u.ravel()
            lateral = None
            if mesh.grid_shape is not None:
                def lateral(g=g, diag=diag, attached=attached):
                    return lateral_preconditioner(mesh, g, diag[: ncol * nz], attached)
            x = solve(matrix.tocsr(), rhs, ncol, nz, guess, rtol, lateral)
            u = x[: ncol * nz].reshape(ncol, nz)
            new_donor = x[-1] if (finite and attached) else c_donor
        # bookkeeping with the new state
        surface = dt * float(np.sum(top * (new_donor - u[:, 0]))) if attached else 0.0
        step_loss_clear = dt * (capacity * clear_rate[None, :] * u).sum(axis=0)
        step_loss_deg = dt * (capacity * deg_rate * u).sum(axis=0)
        lost_by_depth += step_loss_clear + step_loss_deg
        totals["cleared"] += step_loss_clear.sum()
        totals["degraded"] += step_loss_deg.sum()
        if finite and attached:
            totals["degraded"] += dt * donor_volume * donor.degradation_per_s * new_donor
        totals["sink"] += dt * float(np.sum(bottom * u[:, -1]))
        totals["surface"] += surface
        c_donor = new_donor
        if contact is not None and attached and t >= contact - 1e-9:
            attached = False
            if finite:
                totals["wiped"] += c_donor * donor_volume
        mass = (capacity * u).sum(axis=0)
        depth_mass[n] = mass
        below = np.concatenate([np.cumsum((mass + lost_by_depth)[::-1])[::-1], [0.0]])
        entered[n] = below + totals["sink"]
        rec["donor"][n] = c_donor * donor_volume if (finite and attached) else 0.0
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
