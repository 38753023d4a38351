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
def _dots(xs, count, r):  # pragma: no cover - compiled
    """X r for the first ``count`` rows, row by row (contiguous, vectorised passes)."""
    c = np.zeros(count)
    for i in range(count):
        row = xs[i]
        s = 0.0
        for n in range(r.size):
            s += row[n] * r[n]
        c[i] = s
    return c


@numba.njit(cache=True, fastmath=True)
def _subtract(xs, c, out):  # pragma: no cover - compiled
    """out -= X^T c, row by row."""
    for i in range(c.size):
        row = xs[i]
        ci = c[i]
        for n in range(out.size):
            out[n] -= ci * row[n]


def _improve(xs, axs, count, x, r):
    """x += X^T c, r -= (A X)^T c with c = X r (compiled passes without temporaries)."""
    c = _dots(xs, count, r)
    _subtract(xs, -c, x)
    _subtract(axs, c, r)


def _orthonormalise(xs, axs, count, row, arow):
    """``row`` (with ``arow`` = A row) A-orthogonalised against the first ``count`` rows of
    ``xs`` twice (orthogonal to round-off); returns the A-norms squared before and after
    (the caller scales or drops the row)."""
    norm0 = float(_dots(row[None, :], 1, arow)[0])
    for _ in range(2 if count else 0):
        c = _dots(axs, count, row)
        _subtract(xs, c, row)
        _subtract(axs, c, arow)
    return norm0, float(_dots(row[None, :], 1, arow)[0])


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
