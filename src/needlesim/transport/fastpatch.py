"""Compiled (Numba) conjugate gradients for the 3D periodic patch.

Same operator and preconditioner as linear.py (exact depth-line solves plus the lateral
FFT solve of the laterally averaged operator, added), but the 7-point matrix-vector
product, the depth-line (Thomas) solves and the tridiagonal solves per lateral wavenumber
are compiled loops over the structured (nx, ny, nz) grid instead of a sparse matrix and
Python loops over depth; the factorisations of both preconditioners are cached per time
step (about a dozen distinct steps in the geometric schedule). integrate() uses it for
every 3D patch when Numba is installed (a finite-dose donor is eliminated around it by its
Schur complement); otherwise it falls back to linear.solve.
"""

from __future__ import annotations

import numpy as np
import scipy.fft

try:  # optional: numba is not a hard dependency
    import numba

    AVAILABLE = True
except ImportError:  # pragma: no cover
    numba = None
    AVAILABLE = False

STATS = {"iterations": 0}


def _jit(function):
    return numba.njit(cache=True, fastmath=False)(function) if AVAILABLE else function


@_jit
def _matvec(main, gv, gx, gy, x, y):
    """y = A x on the (nz, nx, ny) grid (depth outermost: each depth a contiguous plane)."""
    nz, nx, ny = x.shape
    for k in range(nz):
        for i in range(nx):
            ip = i + 1 if i + 1 < nx else 0
            im = i - 1 if i > 0 else nx - 1
            for j in range(ny):
                jp = j + 1 if j + 1 < ny else 0
                jm = j - 1 if j > 0 else ny - 1
                s = main[k, i, j] * x[k, i, j]
                s -= gx[k, i, j] * x[k, ip, j] + gx[k, im, j] * x[k, im, j]
                s -= gy[k, i, j] * x[k, i, jp] + gy[k, i, jm] * x[k, i, jm]
                if k > 0:
                    s -= gv[k - 1, i, j] * x[k - 1, i, j]
                if k + 1 < nz:
                    s -= gv[k, i, j] * x[k + 1, i, j]
                y[k, i, j] = s


@_jit
def _thomas_factor(main, gv, cp, inv):
    """Depth-line factors: cp (upper ratios) and inverse pivots, for all columns at once."""
    nz = main.shape[0]
    inv[0] = 1.0 / main[0]
    for k in range(1, nz):
        cp[k - 1] = -gv[k - 1] * inv[k - 1]
        inv[k] = 1.0 / (main[k] + gv[k - 1] * cp[k - 1])


@_jit
def _thomas_solve(gv, cp, inv, r, out):
    """Depth-line solves; each step of the (serial) depth recurrence is a contiguous plane."""
    nz, nx, ny = r.shape
    for i in range(nx):
        for j in range(ny):
            out[0, i, j] = r[0, i, j] * inv[0, i, j]
    for k in range(1, nz):
        for i in range(nx):
            for j in range(ny):
                out[k, i, j] = (r[k, i, j] + gv[k - 1, i, j] * out[k - 1, i, j]) * inv[k, i, j]
    for k in range(nz - 2, -1, -1):
        for i in range(nx):
            for j in range(ny):
                out[k, i, j] -= cp[k, i, j] * out[k + 1, i, j]


@_jit
def _wave_solve(off, cp, inv, f):
    """In place: tridiagonal solve in depth of complex f (nz, nx, ny/2+1), per wavenumber."""
    nz, nx, nyh = f.shape
    for i in range(nx):
        for j in range(nyh):
            f[0, i, j] = f[0, i, j] * inv[0, i, j]
    for k in range(1, nz):
        for i in range(nx):
            for j in range(nyh):
                f[k, i, j] = (f[k, i, j] + off[k - 1] * f[k - 1, i, j]) * inv[k, i, j]
    for k in range(nz - 2, -1, -1):
        for i in range(nx):
            for j in range(nyh):
                f[k, i, j] -= cp[k, i, j] * f[k + 1, i, j]


def _depth_first(a: np.ndarray, nx: int, ny: int) -> np.ndarray:
    """(ncol, nz) column-major -> contiguous (nz, nx, ny)."""
    return np.ascontiguousarray(a.reshape(nx, ny, -1).transpose(2, 0, 1))


class PatchSolver:
    """A x = b for one set of conductances on an (nx, ny) periodic patch, A = L + diag(extra)."""

    def __init__(self, mesh, g):
        nx, ny = mesh.grid_shape
        nz, ncol = mesh.nz, mesh.ncol
        self.nx, self.ny, self.nz = nx, ny, nz
        gv = np.zeros((ncol, nz))
        gv[:, :-1] = g.vertical
        self.gv = _depth_first(gv, nx, ny)
        self.gx = _depth_first(g.lateral[:ncol], nx, ny)
        self.gy = _depth_first(g.lateral[ncol:], nx, ny)
        base = self.gx + np.roll(self.gx, 1, axis=1) + self.gy + np.roll(self.gy, 1, axis=2)
        base += self.gv
        base[1:] += self.gv[:-1]
        base[0] += g.top.reshape(nx, ny)
        base[-1] += g.bottom.reshape(nx, ny)
        self.base = base
        self.top, self.bottom = g.top, g.bottom
        self.cache: dict[float, tuple] = {}

    def _factors(self, key: float, extra: np.ndarray):
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        from needlesim.transport.fftprecond import LateralFFT

        nx, ny, nz = self.nx, self.ny, self.nz
        extra = _depth_first(extra, nx, ny)
        main = self.base + extra
        cp, inv = np.zeros(main.shape), np.zeros(main.shape)
        _thomas_factor(main, self.gv, cp, inv)
        boundary = np.zeros(nz)
        boundary[0] = self.top.mean()
        boundary[-1] = self.bottom.mean()
        fft = LateralFFT(extra.mean(axis=(1, 2)), self.gv[:-1].mean(axis=(1, 2)),
                         self.gx.mean(axis=(1, 2)), self.gy.mean(axis=(1, 2)), boundary, nx, ny)
        # LateralFFT keeps (nx, ny/2+1, nz); the kernels want depth first
        entry = (main, cp, inv, np.ascontiguousarray(fft.off),
                 np.ascontiguousarray(fft.cp.transpose(2, 0, 1)),
                 np.ascontiguousarray(1.0 / fft.den.transpose(2, 0, 1)))
        self.cache[key] = entry
        return entry

    def solve(self, key: float, extra: np.ndarray, rhs: np.ndarray, guess: np.ndarray,
              rtol: float, maxiter: int = 2000) -> np.ndarray:
        """``extra``, ``rhs``, ``guess`` column-major (ncol, nz); returns the same layout."""
        main, cp, inv, off, fcp, finv = self._factors(key, extra)
        nx, ny, nz = self.nx, self.ny, self.nz
        gv, gx, gy = self.gv, self.gx, self.gy

        work, fix = np.empty((nz, nx, ny)), np.empty((nz, nx, ny))

        def precondition(r, out):
            """Symmetric multiplicative: depth lines, lateral FFT on the residual, depth
            lines again (a symmetric positive definite M^-1, so CG applies)."""
            _thomas_solve(gv, cp, inv, r, out)
            _matvec(main, gv, gx, gy, out, work)
            np.subtract(r, work, out=work)
            f = scipy.fft.rfft2(work)  # last two axes: contiguous x-y planes
            _wave_solve(off, fcp, finv, f)
            out += scipy.fft.irfft2(f, s=(nx, ny))
            _matvec(main, gv, gx, gy, out, work)
            np.subtract(r, work, out=work)
            _thomas_solve(gv, cp, inv, work, fix)
            out += fix

        b = _depth_first(rhs, nx, ny)
        x = _depth_first(guess, nx, ny)
        ax = np.empty_like(b)
        _matvec(main, gv, gx, gy, x, ax)
        r = b - ax
        bnorm = float(np.sqrt(np.vdot(b, b)))
        if bnorm == 0.0:
            return np.zeros(rhs.size)
        z = np.empty_like(b)
        precondition(r, z)
        p = z.copy()
        rz = float(np.vdot(r, z))
        for _ in range(maxiter):
            if float(np.sqrt(np.vdot(r, r))) <= rtol * bnorm:
                return x.transpose(1, 2, 0).ravel()
            _matvec(main, gv, gx, gy, p, ax)
            alpha = rz / float(np.vdot(p, ax))
            x += alpha * p
            r -= alpha * ax
            precondition(r, z)
            rz_new = float(np.vdot(r, z))
            p *= rz_new / rz
            p += z
            rz = rz_new
            STATS["iterations"] += 1
        raise RuntimeError("conjugate gradients did not converge on the patch")
