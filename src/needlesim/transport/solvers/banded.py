"""Banded Cholesky solves for meshes whose columns form a chain (unit cells, slabs).

Ordered depth-major (cell k of column c is unknown k * ncol + c), the symmetric positive
definite matrix of a unit cell has half-bandwidth ncol (rings are few, depth cells many),
so a factorisation costs about n ncol^2 flops and a solve 4 n ncol. The finite-dose donor
couples to every top cell; it is eliminated by a Schur complement (bordered system), so
the band stays narrow. Factorisations are cached per (faces, time step): the geometric
step schedule has about a dozen distinct steps.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg.lapack import dpbtrf, dpbtrs

from needlesim.transport.geometry.column_mesh import ColumnMesh
from needlesim.transport.solvers.fv_matrix import Conductances
from needlesim.transport.solvers.step import CoupledDonor


def is_chain(mesh: ColumnMesh) -> bool:
    """True when lateral faces only join column c to c + 1 (rings of a unit cell)."""
    if mesh.grid_shape is not None:
        return False
    c1, c2 = mesh.lateral[0], mesh.lateral[1]
    return bool(np.all(np.abs(c2 - c1) == 1)) if c1.size else True


def _solve(chol: np.ndarray, b: np.ndarray) -> np.ndarray:
    x, info = dpbtrs(chol, b, lower=0)
    if info != 0:
        raise np.linalg.LinAlgError(f"banded solve failed (info={info})")
    return x


class BandedSolver:
    """Step solver (solvers/step.py) for chain meshes: (A + diag(capacity / dt + loss)) x = r,
    A in depth-major band form."""

    def __init__(self, mesh: ColumnMesh, capacity: np.ndarray, loss: np.ndarray):
        """``capacity``, ``loss``: (ncol, nz), column-major as the mesh's cells."""
        ncol, nz = mesh.ncol, mesh.nz
        self.mesh = mesh
        self.ncol, self.nz = ncol, nz
        self.u = ncol if nz > 1 else (1 if ncol > 1 else 0)
        self.capacity, self.loss = capacity, loss
        self.factors: dict[float, tuple] = {}

    def set_faces(self, g: Conductances) -> None:
        """``g.top``: faces to the donor (zero once it is wiped off)."""
        ncol, nz, u = self.ncol, self.nz, self.u
        ab = np.zeros((u + 1, ncol * nz))
        main = np.zeros((nz, ncol))
        # vertical faces: (c, k) - (c, k+1): depth-major offset ncol
        vert = g.vertical.T  # (nz - 1, ncol)
        main[:-1] += vert
        main[1:] += vert
        if nz > 1:
            ab[0, ncol:] = -vert.ravel()  # row u - ncol = 0 when u == ncol
        # lateral faces c1 -> c1 + 1 at each depth: offset 1
        c1 = np.minimum(self.mesh.lateral[0], self.mesh.lateral[1])
        if c1.size:
            lat = g.lateral.T  # (nz, nlat)
            np.add.at(main, (slice(None), c1), lat)
            np.add.at(main, (slice(None), c1 + 1), lat)
            upper = np.zeros((nz, ncol))
            upper[:, c1 + 1] = -lat
            ab[u - 1] += upper.ravel()
        main[0] += g.top  # donor face (held concentration, or the coupled donor's border)
        main[-1] += g.bottom
        self.ab = ab
        self.main = main.ravel()
        self.top = g.top
        self.factors = {}

    def to_band(self, x: np.ndarray) -> np.ndarray:
        """Column-major (ncol, nz) -> depth-major vector."""
        return x.reshape(self.ncol, self.nz).T.ravel()

    def from_band(self, y: np.ndarray) -> np.ndarray:
        """Depth-major vector -> column-major (ncol, nz)."""
        return y.reshape(self.nz, self.ncol).T.ravel().reshape(self.ncol, self.nz)

    def _factor(self, dt: float, donor_diag: float | None):
        cached = self.factors.get(dt)
        if cached is not None:
            return cached
        ab = self.ab.copy()
        ab[self.u] = self.main + self.to_band(self.capacity / dt + self.loss)
        chol, info = dpbtrf(ab, lower=0, overwrite_ab=1)
        if info != 0:
            raise np.linalg.LinAlgError(f"banded Cholesky failed (info={info})")
        w = schur = None
        if donor_diag is not None:  # border b = -top at the top cells
            b = np.zeros(ab.shape[1])
            b[: self.ncol] = -self.top
            w = _solve(chol, b)
            schur = donor_diag - float(b @ w)
        entry = (chol, w, schur)
        self.factors[dt] = entry
        return entry

    def step(self, dt: float, rhs: np.ndarray, u: np.ndarray,
             donor: CoupledDonor | None) -> tuple[np.ndarray, float | None]:
        """The coupled donor by its Schur complement around the band."""
        coupled = None if donor is None else float(self.top.sum()) + donor.diagonal
        chol, w, schur = self._factor(dt, coupled)
        y = _solve(chol, self.to_band(rhs))
        if donor is None:
            return self.from_band(y), None
        b_top = -self.top
        value = (donor.rhs - float(b_top @ y[: self.ncol])) / schur
        return self.from_band(y - w * value), value
