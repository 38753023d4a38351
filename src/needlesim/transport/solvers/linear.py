"""Sparse step solver, the fallback for any mesh and the check of the compiled ones: sparse
LU for small meshes, and conjugate gradients preconditioned by exact solves along each
column (depth lines), plus a lateral FFT solve on periodic patches, for large ones. A
finite-dose donor is kept as the last unknown."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from needlesim.transport.geometry.column_mesh import ColumnMesh
from needlesim.transport.solvers.fftprecond import LateralFFT
from needlesim.transport.solvers.fv_matrix import Conductances, laplacian
from needlesim.transport.solvers.step import CoupledDonor

STATS = {"iterations": 0}  # conjugate-gradient iterations (benchmarks read it)
DIRECT_LIMIT = 8_000  # unknowns up to which a sparse LU is used (unit cells); PCG above


class ColumnPreconditioner:
    """Solves the tridiagonal depth-line blocks of A exactly (block Jacobi over columns)."""

    def __init__(self, matrix: sp.csr_matrix, ncol: int, nz: int):
        self.ncol, self.nz = ncol, nz
        n = ncol * nz
        d = matrix.diagonal()
        self.extra = d[n:]  # donor row (if any): Jacobi
        main = d[:n].reshape(ncol, nz)
        upper = matrix.diagonal(1)[:n - 1]
        upper = np.append(upper, 0.0).reshape(ncol, nz)[:, :-1]
        # Thomas factorisation for all columns at once
        self.lower = upper  # symmetric
        self.denominator = np.empty((ncol, nz))
        self.c_prime = np.zeros((ncol, nz))
        self.denominator[:, 0] = main[:, 0]
        for k in range(1, nz):
            self.c_prime[:, k - 1] = upper[:, k - 1] / self.denominator[:, k - 1]
            self.denominator[:, k] = main[:, k] - upper[:, k - 1] * self.c_prime[:, k - 1]

    def solve(self, r: np.ndarray) -> np.ndarray:
        ncol, nz = self.ncol, self.nz
        rhs = r[: ncol * nz].reshape(ncol, nz)
        y = np.empty((ncol, nz))
        y[:, 0] = rhs[:, 0] / self.denominator[:, 0]
        for k in range(1, nz):
            y[:, k] = (rhs[:, k] - self.lower[:, k - 1] * y[:, k - 1]) / self.denominator[:, k]
        for k in range(nz - 2, -1, -1):
            y[:, k] -= self.c_prime[:, k] * y[:, k + 1]
        out = y.ravel()
        if self.extra.size:
            out = np.concatenate([out, r[ncol * nz:] / self.extra])
        return out


def solve(matrix: sp.csr_matrix, rhs: np.ndarray, ncol: int, nz: int, guess: np.ndarray,
          rtol: float = 1e-10, lateral=None) -> np.ndarray:
    """Solve; ``lateral`` (a callable building a LateralFFT) adds the FFT preconditioner."""
    if rhs.size <= DIRECT_LIMIT:
        return spla.spsolve(matrix.tocsc(), rhs)
    pre = ColumnPreconditioner(matrix, ncol, nz)
    apply = pre.solve
    if lateral is not None:
        fft = lateral()
        n = ncol * nz

        def apply(r):
            out = pre.solve(r)
            out[:n] += fft.solve(r[:n])
            return out
    operator = spla.LinearOperator(matrix.shape, matvec=apply, dtype=float)
    def count(_):
        STATS["iterations"] += 1

    x, info = spla.cg(matrix, rhs, x0=guess, rtol=rtol, atol=0.0, M=operator, maxiter=2000,
                      callback=count)
    if info != 0:
        raise RuntimeError(f"conjugate gradients did not converge (info={info})")
    return x


def lateral_preconditioner(mesh: ColumnMesh, g: Conductances, diag: np.ndarray) -> LateralFFT:
    """The FFT solve of the laterally averaged operator on a periodic patch; ``diag`` the
    cells' capacity / dt + losses (column-major)."""
    nx, ny = mesh.grid_shape
    half = g.lateral.shape[0] // 2
    boundary = np.zeros(mesh.nz)
    boundary[0] += g.top.mean()
    boundary[-1] += g.bottom.mean()
    return LateralFFT(diag.reshape(mesh.ncol, mesh.nz).mean(axis=0), g.vertical.mean(axis=0),
                      g.lateral[:half].mean(axis=0), g.lateral[half:].mean(axis=0), boundary, nx, ny)


class SparseSolver:
    """Step solver (solvers/step.py) on the assembled sparse matrix, any mesh."""

    def __init__(self, mesh: ColumnMesh, capacity: np.ndarray, loss: np.ndarray, rtol: float):
        self.mesh, self.capacity, self.loss, self.rtol = mesh, capacity, loss, rtol
        self.g: Conductances | None = None
        self.base: sp.csr_matrix | None = None

    def set_faces(self, g: Conductances) -> None:
        self.g, self.base = g, None

    def step(self, dt: float, rhs: np.ndarray, u: np.ndarray,
             donor: CoupledDonor | None) -> tuple[np.ndarray, float | None]:
        mesh, g = self.mesh, self.g
        n = mesh.ncol * mesh.nz
        if self.base is None:  # the donor's coupling changes only with new faces
            self.base = laplacian(mesh, g, donor_coupled=donor is not None)
        diag, rhs = (self.capacity / dt + self.loss).ravel(), rhs.ravel()
        guess = u.ravel()
        if donor is not None:
            diag = np.append(diag, donor.diagonal)
            rhs = np.append(rhs, donor.rhs)
            guess = np.append(guess, donor.value)
        lateral = None
        if mesh.grid_shape is not None:
            def lateral():
                return lateral_preconditioner(mesh, g, diag[:n])
        x = solve((self.base + sp.diags(diag)).tocsr(), rhs, mesh.ncol, mesh.nz, guess, self.rtol,
                  lateral)
        return x[:n].reshape(mesh.ncol, mesh.nz), (None if donor is None else x[-1])
