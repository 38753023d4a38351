"""Compiled (Numba) conjugate gradients for the 3D periodic patch.

Same operator and preconditioner as linear.py (exact depth-line solves plus the lateral
FFT solve of the laterally averaged operator), but the 7-point matrix-vector product, the
depth-line (Thomas) solves and the tridiagonal solves per lateral wavenumber are compiled
loops over the structured (nx, ny, nz) grid instead of a sparse matrix and Python loops
over depth, and the two preconditioners are combined symmetric-multiplicatively; the
factorisations of both are cached per time step (about a dozen distinct steps in the
geometric schedule). The time loop uses it for every 3D patch while ENABLED (a finite-dose
donor is eliminated around it by its Schur complement); otherwise the patch goes to
linear.SparseSolver.
"""

from __future__ import annotations

import numba
import numpy as np
import scipy.fft

from needlesim.transport.geometry.column_mesh import ColumnMesh
from needlesim.transport.solvers.fftprecond import LateralFFT
from needlesim.transport.solvers.fv_matrix import Conductances
from needlesim.transport.solvers.step import CoupledDonor

ENABLED = True  # False: 3D patches take the sparse path (the check in test_invariants.py)
STATS = {"iterations": 0}


@numba.njit(cache=True)
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


@numba.njit(cache=True)
def _thomas_factor(main, gv, cp, inv):
    """Depth-line factors: cp (upper ratios) and inverse pivots, for all columns at once."""
    nz = main.shape[0]
    inv[0] = 1.0 / main[0]
    for k in range(1, nz):
        cp[k - 1] = -gv[k - 1] * inv[k - 1]
        inv[k] = 1.0 / (main[k] + gv[k - 1] * cp[k - 1])


@numba.njit(cache=True)
def _depth_lines(off, cp, inv, r, out):
    """Tridiagonal solves in depth for every (i, j) line of the (nz, nx, ny) grid, from the
    factors of _thomas_factor (``off``: the lines' off-diagonals, negated); each step of the
    serial depth recurrence is a contiguous plane. ``out`` may be ``r`` (in place)."""
    nz, nx, ny = r.shape
    for i in range(nx):
        for j in range(ny):
            out[0, i, j] = r[0, i, j] * inv[0, i, j]
    for k in range(1, nz):
        for i in range(nx):
            for j in range(ny):
                out[k, i, j] = (r[k, i, j] + off[k - 1, i, j] * out[k - 1, i, j]) * inv[k, i, j]
    for k in range(nz - 2, -1, -1):
        for i in range(nx):
            for j in range(ny):
                out[k, i, j] -= cp[k, i, j] * out[k + 1, i, j]


def _depth_first(a: np.ndarray, nx: int, ny: int) -> np.ndarray:
    """(ncol, nz) column-major -> contiguous (nz, nx, ny)."""
    return np.ascontiguousarray(a.reshape(nx, ny, -1).transpose(2, 0, 1))


class PatchSolver:
    """Step solver (solvers/step.py) on an (nx, ny) periodic patch: A x = b with
    A = L + diag(capacity / dt + loss), by preconditioned conjugate gradients."""

    def __init__(self, mesh: ColumnMesh, capacity: np.ndarray, loss: np.ndarray, rtol: float):
        nx, ny = mesh.grid_shape
        self.nx, self.ny, self.nz = nx, ny, mesh.nz
        self.ncol = mesh.ncol
        self.capacity, self.loss, self.rtol = capacity, loss, rtol
        self.border = np.zeros((mesh.ncol, mesh.nz))  # the donor's column, warm-started
        self.cache: dict[float, tuple] = {}

    def set_faces(self, g: Conductances) -> None:
        nx, ny, nz, ncol = self.nx, self.ny, self.nz, self.ncol
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
        self.cache = {}

    def _factors(self, dt: float):
        cached = self.cache.get(dt)
        if cached is not None:
            return cached
        nx, ny, nz = self.nx, self.ny, self.nz
        extra = _depth_first(self.capacity / dt + self.loss, nx, ny)
        main = self.base + extra
        cp, inv = np.zeros(main.shape), np.zeros(main.shape)
        _thomas_factor(main, self.gv, cp, inv)
        boundary = np.zeros(nz)
        boundary[0] = self.top.mean()
        boundary[-1] = self.bottom.mean()
        fft = LateralFFT(extra.mean(axis=(1, 2)), self.gv[:-1].mean(axis=(1, 2)),
                         self.gx.mean(axis=(1, 2)), self.gy.mean(axis=(1, 2)), boundary, nx, ny)
        # LateralFFT keeps (nx, ny/2+1, nz); the kernels want depth first, and the depth
        # off-diagonals (the same for every wavenumber) on every line
        wave_cp = np.ascontiguousarray(fft.cp.transpose(2, 0, 1))
        wave_off = np.ascontiguousarray(np.broadcast_to(fft.off[:, None, None],
                                                        (nz - 1,) + wave_cp.shape[1:]))
        entry = (main, cp, inv, wave_off, wave_cp, np.ascontiguousarray(1.0 / fft.den.transpose(2, 0, 1)))
        self.cache[dt] = entry
        return entry

    def step(self, dt: float, rhs: np.ndarray, u: np.ndarray,
             donor: CoupledDonor | None) -> tuple[np.ndarray, float | None]:
        """A coupled donor by its Schur complement: A y = rhs and A w = (its coupling to the
        top cells), then c = (donor rhs + top . y_top) / (donor diagonal + sum(top) - top . w_top)
        and u = y + w c."""
        shape = (self.ncol, self.nz)
        y = self._pcg(dt, rhs, u).reshape(shape)
        if donor is None:
            return y, None
        top = self.top
        coupling = np.zeros(shape)
        coupling[:, 0] = top
        self.border = self._pcg(dt, coupling, self.border).reshape(shape)
        value = ((donor.rhs + float(top @ y[:, 0]))
                 / (donor.diagonal + float(top.sum()) - float(top @ self.border[:, 0])))
        return y + self.border * value, value

    def _pcg(self, dt: float, rhs: np.ndarray, guess: np.ndarray, maxiter: int = 2000) -> np.ndarray:
        """``rhs``, ``guess`` column-major (ncol, nz); returns the same layout, flat."""
        main, cp, inv, off, fcp, finv = self._factors(dt)
        nx, ny, nz = self.nx, self.ny, self.nz
        gv, gx, gy = self.gv, self.gx, self.gy
        rtol = self.rtol
        work, fix = np.empty((nz, nx, ny)), np.empty((nz, nx, ny))

        def precondition(r, out):
            """Symmetric multiplicative: depth lines, lateral FFT on the residual, depth
            lines again (a symmetric positive definite M^-1, so CG applies)."""
            _depth_lines(gv, cp, inv, r, out)
            _matvec(main, gv, gx, gy, out, work)
            np.subtract(r, work, out=work)
            f = scipy.fft.rfft2(work)  # last two axes: contiguous x-y planes
            _depth_lines(off, fcp, finv, f, f)
            out += scipy.fft.irfft2(f, s=(nx, ny))
            _matvec(main, gv, gx, gy, out, work)
            np.subtract(r, work, out=work)
            _depth_lines(gv, cp, inv, work, fix)
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
