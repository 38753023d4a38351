"""Linear solvers for the implicit step: sparse LU for small meshes, and conjugate gradients
preconditioned by exact solves along each column (depth lines) for large 3D patches."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

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
