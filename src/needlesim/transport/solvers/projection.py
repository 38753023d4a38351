"""Starting guesses for a sequence of solves with one matrix A (successive right-hand
sides; P. F. Fischer, Comput. Methods Appl. Mech. Engrg. 163, 1998): the last few solutions,
A-orthonormalised, span a space in which the best approximation (in the A-norm) of the next
solution costs a few dot products. Late in a time loop with a fixed step the states change
smoothly, and this guess about halves the CG iterations of the benchmark's 24 h."""

from __future__ import annotations

import numpy as np


class Projection:
    """Up to ``size`` A-orthonormal vectors (rows of ``x``) with their products (``ax``),
    for the matrix named by ``key`` (any other key starts the space afresh)."""

    def __init__(self, size: int = 4):
        self.size, self.count, self.key = size, 0, None
        self.x = self.ax = np.empty((0, 0))

    def use(self, key) -> None:
        """Solves with the matrix ``key`` follow (the space is dropped if it changed)."""
        if key != self.key:
            self.count, self.key = 0, key

    def improve(self, x: np.ndarray, r: np.ndarray) -> None:
        """In place: x += X c, r -= A X c with c = X^T r, the A-orthogonal projection of the
        error of ``x`` (residual ``r``) on the kept space."""
        if self.count == 0:
            return
        xs, axs = self.x[: self.count], self.ax[: self.count]
        c = xs @ r.ravel()
        x.ravel()[:] += c @ xs
        r.ravel()[:] -= c @ axs

    def add(self, x: np.ndarray, b: np.ndarray, r: np.ndarray) -> None:
        """Keep solution ``x`` of A x = b (residual ``r``), A-orthonormalised against the
        kept vectors; nothing if it is already in their span. When full, the space restarts
        from ``x`` alone (dropping the oldest vector would drop the bulk of the solution: the
        first vector is a whole solution, the later ones its changes)."""
        if self.x.shape != (self.size, x.size):
            self.x, self.ax = np.empty((self.size, x.size)), np.empty((self.size, x.size))
        if self.count == self.size:
            self.count = 0
        row, arow = self.x[self.count], self.ax[self.count]
        row[:] = x.ravel()
        np.subtract(b.ravel(), r.ravel(), out=arow)
        norm0 = float(row @ arow)
        if norm0 <= 0.0:
            return
        xs, axs = self.x[: self.count], self.ax[: self.count]
        for _ in range(2 if self.count else 0):  # Gram-Schmidt twice: orthogonal to round-off
            c = axs @ row
            row -= c @ xs
            arow -= c @ axs
        norm = float(row @ arow)
        if norm <= 1e-20 * norm0:
            return
        scale = 1.0 / np.sqrt(norm)
        row *= scale
        arow *= scale
        self.count += 1
