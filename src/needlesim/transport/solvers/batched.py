"""Compiled (Numba) kernels of the batched unit-cell loop (batched_loop.py): the matrices
of all blocks (one unit cell each) side by side in one band, depth-major inside each block
so that the half-bandwidth is the number of rings; a banded Cholesky of its own with two
off-diagonals (the ring and the depth neighbour); and the backward-Euler steps of all
blocks, each block's finite-dose donor eliminated by its own Schur complement."""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from needlesim.transport.solvers.fv_matrix import TINY


@numba.njit(cache=True)
def band_cholesky(diag, left, above, ncol, chol):  # pragma: no cover - compiled
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
def band_solve(chol, ncol, b):  # pragma: no cover - compiled
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


class BandFaces(NamedTuple):
    """What the matrices of every step are made of: the cells' base conductivities (D K)
    per depth, channel fractions, the channel's D, column areas, ring faces, depth steps,
    and the losses' part of the diagonal."""

    base: np.ndarray  # (nz,)
    fraction: np.ndarray  # (nb, ncol, nz)
    channel: float
    area: np.ndarray  # (nb, ncol)
    length: np.ndarray  # (nb, ncol - 1) lateral face lengths
    inner: np.ndarray  # (nb, ncol - 1) distance from the inner ring's centre to the face
    outer: np.ndarray  # (nb, ncol - 1) from the face to the outer ring's centre
    dz: np.ndarray  # (nz,)
    loss: np.ndarray  # (nb * nz * ncol,) capacity times the loss rates, depth-major


@numba.njit(cache=True)
def assemble_band(faces, share, contact, diag, left, above, top, bottom):  # pragma: no cover
    """The matrix of a step whose channels are open by ``share`` (per block): diagonal,
    off-diagonals A(i, i-1) and A(i, i-ncol) (depth-major blocks side by side), and the
    top (donor, scaled by ``contact``) and bottom (sink) conductances of every column, as
    fv_matrix.conductances."""
    nb, ncol, nz = faces.fraction.shape
    n = ncol * nz
    diag[:] = faces.loss
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
            top[b, c] = area / (0.5 * faces.dz[0] / cond[c, 0]) * contact
            bottom[b, c] = area / (0.5 * faces.dz[nz - 1] / cond[c, nz - 1])
            diag[b * n + c] += top[b, c]
            diag[b * n + (nz - 1) * ncol + c] += bottom[b, c]


@numba.njit(cache=True)
def march(faces, share, cap, dts, fresh, attached, contact, coupled, finite, donor_volume,
          degradation, c_donor, mass, solubility):  # pragma: no cover - compiled
    """The backward-Euler steps of all blocks; a finite-dose donor per block eliminated by
    its Schur complement. ``contact`` (steps): the film acts on the skin at that share of its
    dissolved concentration (film.py), so the donor's unknown is its activity contact * c,
    whose capacity is volume / contact; the faces are the attached film's. Its border
    column's solve ``w`` depends only on the matrix and the donor's coupling, so it is
    computed once per factorisation. ``donor_volume`` (steps,
    blocks): the film's volume at the end of each step; ``mass`` its active at the start; a
    dissolved concentration above ``solubility`` is held there (the excess undissolved),
    which is the same solve with the donor's value fixed. Returns the states, donor
    concentrations, donor masses and each step's top (unattached: 0) and bottom
    conductances."""
    nb, ncol, nz = faces.fraction.shape
    n = ncol * nz
    ns, size = dts.size, nb * n
    chol = np.zeros((size, ncol + 1))
    diag, left, above = np.zeros(size), np.zeros(size), np.zeros(size)
    top, bottom = np.zeros((ns, nb, ncol)), np.zeros((ns, nb, ncol))
    states = np.zeros((ns, size))
    donors = np.zeros((ns, nb))
    masses = np.zeros((ns, nb))
    mass = mass.copy()
    u = np.zeros(size)
    w = np.zeros(size)
    c_donor = c_donor.copy()
    for step in range(ns):
        dt = dts[step]
        if fresh[step]:
            assemble_band(faces, share[step], 1.0 if attached[step] else 0.0, diag, left, above,
                          top[step], bottom[step])
            band_cholesky(diag + cap / dt, left, above, ncol, chol)
            if coupled[step]:
                w[:] = 0.0
                for b in range(nb):
                    for c in range(ncol):
                        w[b * n + c] = -top[step, b, c]
                band_solve(chol, ncol, w)
        else:
            top[step] = top[step - 1]
            bottom[step] = bottom[step - 1]
        for i in range(size):
            u[i] = cap[i] / dt * u[i]
        if attached[step] and not finite:
            for b in range(nb):
                for c in range(ncol):
                    u[b * n + c] += top[step, b, c] * contact[step] * c_donor[b]
        band_solve(chol, ncol, u)
        if coupled[step]:
            for b in range(nb):
                edge_w = 0.0
                edge_y = 0.0
                total_top = 0.0
                for c in range(ncol):
                    edge_w -= top[step, b, c] * w[b * n + c]
                    edge_y -= top[step, b, c] * u[b * n + c]
                    total_top += top[step, b, c]
                f = contact[step]
                volume = donor_volume[step, b] / f
                schur = total_top + volume / dt + volume * degradation - edge_w
                value = min((mass[b] / dt - edge_y) / schur, f * solubility)
                c_donor[b] = value / f
                for i in range(b * n, (b + 1) * n):
                    u[i] -= w[i] * value
                flux = 0.0
                for c in range(ncol):
                    flux += top[step, b, c] * (value - u[b * n + c])
                mass[b] -= dt * (flux + volume * degradation * value)
        states[step] = u
        donors[step] = c_donor
        masses[step] = mass
    return states, donors, masses, top, bottom
