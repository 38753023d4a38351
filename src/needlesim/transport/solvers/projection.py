"""Starting guesses for a sequence of solves with a matrix A (successive right-hand sides;
P. F. Fischer, Comput. Methods Appl. Mech. Engrg. 163, 1998): the last few solutions,
A-orthonormalised, span a space in which the best approximation (in the A-norm) of the next
solution costs a few dot products. On the benchmark's 24 h most steps of the fixed late
step size then need no CG iteration at all. A new step size changes only A's diagonal
(capacity / dt): the space is carried over, its products corrected and the vectors
A-orthonormalised again in one compiled pass (in numpy, with its temporaries, this cost
more than the iterations it saved on the 100 x 100 grid)."""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True)
def _shifted_gram(xs, axs, count, diagonal):  # pragma: no cover - compiled
    """X (A X + D X)^T for the first ``count`` rows, D = diag(``diagonal``), in one pass."""
    gram = np.zeros((count, count))
    for n in range(diagonal.size):
        d = diagonal[n]
        for i in range(count):
            xi = xs[i, n]
            for j in range(i + 1):
                gram[i, j] += xi * (axs[j, n] + d * xs[j, n])
    for i in range(count):
        for j in range(i):
            gram[j, i] = gram[i, j]
    return gram


@numba.njit(cache=True)
def _transform(xs, axs, count, diagonal, inverse):  # pragma: no cover - compiled
    """In place, one pass: X <- T X and A X <- T (A X + D X), T lower triangular."""
    x = np.empty(count)
    ax = np.empty(count)
    for n in range(diagonal.size):
        d = diagonal[n]
        for j in range(count):
            x[j] = xs[j, n]
            ax[j] = axs[j, n] + d * x[j]
        for i in range(count):
            sx = 0.0
            sa = 0.0
            for j in range(i + 1):
                sx += inverse[i, j] * x[j]
                sa += inverse[i, j] * ax[j]
            xs[i, n] = sx
            axs[i, n] = sa


@numba.njit(cache=True, fastmath=True)
def _improve(xs, axs, count, x, r):  # pragma: no cover - compiled
    """x += X^T c, r -= (A X)^T c with c = X r, in two passes (numpy made a temporary and a
    pass per product)."""
    c = np.zeros(count)
    for n in range(r.size):
        rn = r[n]
        for i in range(count):
            c[i] += xs[i, n] * rn
    for n in range(r.size):
        dx = 0.0
        dr = 0.0
        for i in range(count):
            dx += c[i] * xs[i, n]
            dr += c[i] * axs[i, n]
        x[n] += dx
        r[n] -= dr


@numba.njit(cache=True, fastmath=True)
def _orthonormalise(xs, axs, count, row, arow):  # pragma: no cover - compiled
    """``row`` (with ``arow`` = A row) A-orthogonalised against the first ``count`` rows of
    ``xs`` twice (orthogonal to round-off), each second product taken in the pass before;
    returns the A-norms squared before and after (the caller scales or drops the row)."""
    n_size = row.size
    c = np.zeros(count)
    norm0 = 0.0
    for n in range(n_size):
        rn = row[n]
        norm0 += rn * arow[n]
        for i in range(count):
            c[i] += axs[i, n] * rn
    c2 = np.zeros(count)
    for n in range(n_size):  # first round, and the second round's products
        dx = 0.0
        dr = 0.0
        for i in range(count):
            dx += c[i] * xs[i, n]
            dr += c[i] * axs[i, n]
        rn = row[n] - dx
        row[n] = rn
        arow[n] -= dr
        for i in range(count):
            c2[i] += axs[i, n] * rn
    norm = 0.0
    for n in range(n_size):  # second round, and the norm
        dx = 0.0
        dr = 0.0
        for i in range(count):
            dx += c2[i] * xs[i, n]
            dr += c2[i] * axs[i, n]
        rn = row[n] - dx
        an = arow[n] - dr
        row[n] = rn
        arow[n] = an
        norm += rn * an
    return norm0, norm


class Projection:
    """Up to ``size`` A-orthonormal vectors (rows of ``x``) with their products (``ax``),
    for one matrix (``clear`` when it changes)."""

    def __init__(self, size: int = 4):
        self.size, self.count = size, 0
        self.x = self.ax = np.empty((0, 0))
        self.last: tuple[np.ndarray, np.ndarray] | None = None  # the last x and A x added

    def clear(self) -> None:
        self.count, self.last = 0, None

    def shift(self, diagonal: np.ndarray) -> None:
        """A becomes A + diag(``diagonal``) (flat): keep the space, A-orthonormal again."""
        diagonal = diagonal.ravel()
        if self.last is not None:
            self.last[1][:] += self.last[0] * diagonal
        k = self.count
        if k == 0:
            return
        gram = _shifted_gram(self.x, self.ax, k, diagonal)
        try:
            factor = np.linalg.cholesky(gram)
        except np.linalg.LinAlgError:  # the space lost its rank: start again
            self.count = 0
            return
        _transform(self.x, self.ax, k, diagonal, np.linalg.inv(factor))

    def improve(self, x: np.ndarray, r: np.ndarray) -> None:
        """In place: x += X c, r -= A X c with c = X^T r, the A-orthogonal projection of the
        error of ``x`` (residual ``r``) on the kept space."""
        if self.count == 0:
            return
        _improve(self.x, self.ax, self.count, x.ravel(), r.ravel())

    def add(self, x: np.ndarray, ax: np.ndarray) -> None:
        """Keep ``x`` (``ax`` = A x). When full, the space restarts from the last two
        solutions (dropping the oldest vector instead would drop the bulk of the solution:
        the first vector is a whole solution, the later ones its changes)."""
        if self.x.shape != (self.size, x.size):
            self.x, self.ax = np.empty((self.size, x.size)), np.empty((self.size, x.size))
        if self.count == self.size:
            self.count = 0
            if self.last is not None:
                self._append(*self.last)
        self._append(x.ravel(), ax.ravel())
        self.last = (x.ravel().copy(), ax.ravel().copy())

    def _append(self, x: np.ndarray, ax: np.ndarray) -> None:
        """``x``, A-orthonormalised against the kept vectors; nothing if it is already in
        their span."""
        row, arow = self.x[self.count], self.ax[self.count]
        row[:] = x
        arow[:] = ax
        norm0, norm = _orthonormalise(self.x, self.ax, self.count, row, arow)
        if norm0 <= 0.0 or norm <= 1e-20 * norm0:
            return
        scale = 1.0 / np.sqrt(norm)
        row *= scale
        arow *= scale
        self.count += 1
