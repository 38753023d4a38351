"""Finite-volume conductances of a ColumnMesh (two-point fluxes, harmonic face means) and
the sparse matrix they make."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from needlesim.transport.geometry.column_mesh import ColumnMesh


@dataclass(frozen=True)
class Conductances:
    vertical: np.ndarray  # (ncol, nz - 1)
    lateral: np.ndarray  # (nlat, nz)
    top: np.ndarray  # (ncol,) to the donor
    bottom: np.ndarray  # (ncol,) to the sink


TINY = 1e-300  # keeps impermeable cells (kp underflows to 0 for large MW) finite


def conductances(mesh: ColumnMesh, p: np.ndarray, bottom_sink: bool,
                 donor_attached: float = 1.0) -> Conductances:
    """Faces of the cells whose D K is ``p`` (ncol, nz). ``donor_attached`` scales the faces
    to the donor: 1 for a wet film, less for a dried residue, 0 once wiped off."""
    p = np.maximum(p, TINY)
    dz = mesh.dz
    area = mesh.column_area[:, None]
    vertical = area / (0.5 * dz[None, :-1] / p[:, :-1] + 0.5 * dz[None, 1:] / p[:, 1:])
    c1, c2, length, d1, d2 = mesh.lateral
    lateral = (length[:, None] * dz[None, :]) / (d1[:, None] / p[c1] + d2[:, None] / p[c2])
    top = mesh.column_area / (0.5 * dz[0] / p[:, 0]) * float(donor_attached)
    bottom = mesh.column_area / (0.5 * dz[-1] / p[:, -1]) if bottom_sink else np.zeros(mesh.ncol)
    return Conductances(vertical, lateral, top, bottom)


def laplacian(mesh: ColumnMesh, g: Conductances, donor_coupled: bool) -> sp.csr_matrix:
    """Symmetric matrix L with (L u)_i = sum of outflows of cell i (donor row last if coupled)."""
    nz, ncol = mesh.nz, mesh.ncol
    cell = np.arange(ncol * nz).reshape(ncol, nz)
    c1, c2 = mesh.lateral[0], mesh.lateral[1]
    rows = [cell[:, :-1].ravel(), (c1[:, None] * nz + np.arange(nz)[None, :]).ravel()]
    cols = [cell[:, 1:].ravel(), (c2[:, None] * nz + np.arange(nz)[None, :]).ravel()]
    vals = [g.vertical.ravel(), g.lateral.ravel()]
    n = ncol * nz + (1 if donor_coupled else 0)
    diag = np.zeros(n)
    diag[cell[:, -1]] += g.bottom
    if donor_coupled:  # a face to the donor unknown (its diagonal terms come below)
        rows.append(cell[:, 0])
        cols.append(np.full(ncol, n - 1))
        vals.append(g.top)
    else:  # donor held at its concentration (or gone): the face sits on the diagonal only
        diag[cell[:, 0]] += g.top
    i, j, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    diag += np.bincount(i, v, n) + np.bincount(j, v, n)
    off = sp.coo_matrix((-v, (i, j)), shape=(n, n))
    return (off + off.T + sp.diags(diag)).tocsr()
