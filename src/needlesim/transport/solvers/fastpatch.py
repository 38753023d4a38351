"""Compiled (Numba) conjugate gradients for the 3D periodic patch.

The operator is linear.py's, on the structured (nz, nx, ny) grid (patch_kernels.py). Two
preconditioners, chosen by the lateral grid's size (choose_preconditioner): "lines_fft"
combines, symmetric-multiplicatively, exact depth-line solves (the channels' contrast and
the thin layers) and the lateral FFT solve of the laterally averaged operator (the
long-range lateral coupling of large time steps): lines, FFT on the residual, lines again;
"multigrid" is multigrid.py's V-cycle, whose rate does not degrade as the lateral grid is
refined. Either runs in single precision on a single-precision copy of the operator: it only
preconditions (the products, residuals and the stopping test stay double), and in double
its memory traffic was the cost of an iteration. Factorisations are cached per step size
(about a dozen in the geometric schedule). Each solve starts from the best approximation
in the space of earlier solutions (projection.py), or, while that space is empty, from the
last step's change scaled to this step. The time loop uses it for every 3D patch while
ENABLED (a finite-dose donor is eliminated around it by its Schur complement); otherwise
the patch goes to linear.SparseSolver."""

from __future__ import annotations

import time

import numpy as np
import scipy.fft

from needlesim.transport.geometry.column_mesh import ColumnMesh
from needlesim.transport.solvers import patch_kernels as kernels
from needlesim.transport.solvers.fv_matrix import Conductances
from needlesim.transport.solvers.multigrid import Hierarchy, VCycle
from needlesim.transport.solvers.projection import Projection
from needlesim.transport.solvers.step import CoupledDonor

ENABLED = True  # False: 3D patches take the sparse path (the check in test_invariants.py)
STATS = {"iterations": 0, "cg_seconds": 0.0}  # benchmarks read them
# Bytes one CG iteration moves per cell (what benchmarks divide by to get a bandwidth), per
# preconditioner. CG itself, in double: the product (5 reads, 1 write: 48), the x and r
# update (48), two dots (32), the new direction (24): 152. "lines_fft", single precision:
# two depth-line solves (36, 28), two residuals (32 each), the FFT pair with its passes
# (about 48), wave lines (20), adding the correction (12) and the sum into double (16): 224.
# "multigrid", single precision: on the fine grid four checkerboard line sweeps (52 each,
# the right-hand side read in double), a residual (32), zeroing, transfers and the copy out
# (28), about 270; a third of that again on the coarser grids: about 350.
BYTES_PER_CELL_ITERATION = {"lines_fft": 376, "multigrid": 500}
SINGLE = np.float32  # the preconditioner's precision
PRECONDITIONERS = ("lines_fft", "multigrid")  # multigrid: multigrid.py's V-cycle
PRECONDITIONER = "auto"  # what PatchSolver uses unless told (benchmarks switch it)
# "auto": the V-cycle from this many lateral columns on. Its CG iterations per solve stay
# the same as the lateral grid is refined where those of lines_fft grow, but each costs
# about 1.5x as much: on the benchmark's time loop lines_fft is 1.1-1.4x faster on the
# 50 x 50 grid, the V-cycle 1.0-1.4x faster on 64 x 64, 1.5-1.9x on 80 x 80 and 100 x 100
# (benchmarks/patch_preconditioners.py, docs/transport.md).
MULTIGRID_FROM_COLUMNS = 64 * 64


def choose_preconditioner(nx: int, ny: int, name: str | None = None) -> str:
    """``name`` (default PRECONDITIONER) with "auto" resolved for an nx x ny lateral grid."""
    name = name or PRECONDITIONER
    if name == "auto":
        return "multigrid" if nx * ny >= MULTIGRID_FROM_COLUMNS else "lines_fft"
    if name not in PRECONDITIONERS:
        raise ValueError(f"preconditioner {name!r} is not auto or one of {PRECONDITIONERS}")
    return name


def _depth_first(a: np.ndarray, nx: int, ny: int) -> np.ndarray:
    """(ncol, nz) column-major -> contiguous (nz, nx, ny)."""
    return np.ascontiguousarray(a.reshape(nx, ny, -1).transpose(2, 0, 1))


class PatchSolver:
    """Step solver (solvers/step.py) on an (nx, ny) periodic patch: A x = b with
    A = L + diag(capacity / dt + loss), by preconditioned conjugate gradients."""

    def __init__(self, mesh: ColumnMesh, capacity: np.ndarray, loss: np.ndarray, rtol: float,
                 preconditioner: str | None = None):
        nx, ny = mesh.grid_shape
        self.preconditioner = choose_preconditioner(nx, ny, preconditioner)
        self.nx, self.ny, self.nz = nx, ny, mesh.nz
        self.ncol = mesh.ncol
        self.capacity, self.loss, self.rtol = capacity, loss, rtol
        self.border = np.zeros((mesh.ncol, mesh.nz))  # the donor's column, warm-started
        self.cache: dict[float, tuple] = {}
        self.history: tuple[np.ndarray, float] | None = None  # last step's start and size
        self.projection = Projection()  # earlier solutions, A-orthonormal for projected_dt
        self.projected_dt = np.inf  # (no solve yet: the space is empty)
        self.capacity_first, self.loss_first = _depth_first(capacity, nx, ny), _depth_first(loss, nx, ny)
        self.capacity_mean = self.capacity_first.mean(axis=(1, 2))
        self.loss_mean = self.loss_first.mean(axis=(1, 2))
        grid = (self.nz, nx, ny)
        self.buffers = (np.empty(grid, SINGLE), np.empty(grid, SINGLE))
        self.vectors = tuple(np.empty(grid) for _ in range(6))  # b, x, r, z, p, A p of CG

    def set_faces(self, g: Conductances) -> None:
        nx, ny, nz, ncol = self.nx, self.ny, self.nz, self.ncol
        gv = np.zeros((ncol, nz))
        gv[:, :-1] = g.vertical
        self.gv = _depth_first(gv, nx, ny)
        self.gx = _depth_first(g.lateral[:ncol], nx, ny)
        self.gy = _depth_first(g.lateral[ncol:], nx, ny)
        self.faces32 = tuple(a.astype(SINGLE) for a in (self.gv, self.gx, self.gy))
        base = self.gx + np.roll(self.gx, 1, axis=1) + self.gy + np.roll(self.gy, 1, axis=2)
        base += self.gv
        base[1:] += self.gv[:-1]
        base[0] += g.top.reshape(nx, ny)
        base[-1] += g.bottom.reshape(nx, ny)
        self.base = base
        # the laterally averaged faces (the FFT's operator; the same for every step size)
        self.averaged_faces = (self.gv[:-1].mean(axis=(1, 2)), self.gx.mean(axis=(1, 2)),
                               self.gy.mean(axis=(1, 2)), g.top.mean(), g.bottom.mean())
        self.top, self.bottom = g.top, g.bottom
        self.cache = {}
        self.hierarchy = None  # the multigrid's grids, built on its first use
        self.projection.clear()

    def _factors(self, dt: float):
        """The step's diagonal (double, for the products of CG) and the preconditioner's
        pieces in single precision: the operator, its depth-line factors, the FFT's."""
        cached = self.cache.get(dt)
        if cached is not None:
            return cached
        nx, ny, nz = self.nx, self.ny, self.nz
        main = self.capacity_first / dt
        main += self.loss_first
        main += self.base
        if self.preconditioner == "multigrid":  # its own hierarchy and factors
            if self.hierarchy is None:
                self.hierarchy = Hierarchy(self.gv, self.gx, self.gy, SINGLE)
            entry = (main, None, None, None, (None, None, None), VCycle(self.hierarchy, main))
            self.cache[dt] = entry
            return entry
        cp, inv = np.zeros(main.shape, SINGLE), np.zeros(main.shape, SINGLE)
        kernels.thomas_factor(main, self.gv, cp, inv)
        # the laterally averaged operator, diagonal in the lateral wavenumbers (fftprecond.py)
        vertical, lx, ly, top, bottom = self.averaged_faces
        averaged = self.capacity_mean / dt + self.loss_mean
        averaged[0] += top
        averaged[-1] += bottom
        averaged[:-1] += vertical
        averaged[1:] += vertical
        kx = 2 * (1 - np.cos(2 * np.pi * np.arange(nx) / nx))
        ky = 2 * (1 - np.cos(2 * np.pi * np.arange(ny // 2 + 1) / ny))
        shape = (nz, nx, 2 * (ny // 2 + 1))
        w_cp, w_inv = np.zeros(shape, SINGLE), np.zeros(shape, SINGLE)
        kernels.wave_factor(averaged, vertical, kx, ky, lx, ly, w_cp, w_inv)
        wave = (vertical.astype(SINGLE), w_cp, w_inv)
        entry = (main, main.astype(SINGLE), cp, inv, wave, None)
        self.cache[dt] = entry
        return entry

    def step(self, dt: float, rhs: np.ndarray, u: np.ndarray,
             donor: CoupledDonor | None) -> tuple[np.ndarray, float | None]:
        """A coupled donor by its Schur complement: A y = rhs and A w = (its coupling to the
        top cells), then c = (donor rhs + top . y_top) / (donor diagonal + sum(top) - top . w_top)
        and u = y + w c. The guess of y: the last step's change, scaled to this step."""
        before, ratio = u, 0.0
        if self.history is not None:
            before, dt_before = self.history
            ratio = dt / dt_before
        self.history = (u, dt)
        y = self._pcg(dt, rhs, u, before, ratio)
        if donor is None:
            return y, None
        top = self.top
        coupling = np.zeros((self.ncol, self.nz))
        coupling[:, 0] = top
        self.border = self._pcg(dt, coupling, self.border, self.border, 0.0)
        value = ((donor.rhs + float(top @ y[:, 0]))
                 / (donor.diagonal + float(top.sum()) - float(top @ self.border[:, 0])))
        return y + self.border * value, value

    def _pcg(self, dt: float, rhs: np.ndarray, u: np.ndarray, before: np.ndarray, ratio: float,
             maxiter: int = 2000) -> np.ndarray:
        """A x = ``rhs`` from the guess u + ratio (u - before); all (ncol, nz)."""
        main, main32, cp, inv, (w_off, w_cp, w_inv), cycle = self._factors(dt)
        projection = self.projection
        if self.projected_dt != dt:  # the same faces, another step: only the diagonal changes
            projection.shift(self.capacity_first * (1.0 / dt - 1.0 / self.projected_dt))
            self.projected_dt = dt
        nx, ny = self.nx, self.ny
        gv, gx, gy = self.gv, self.gx, self.gy
        gv32, gx32, gy32 = self.faces32
        near, work = self.buffers[:2]

        def precondition(r, out):
            """Symmetric multiplicative: depth lines, lateral FFT on the residual, depth
            lines again (a symmetric positive definite M^-1, so CG applies); in single
            precision on the single-precision operator, half the memory traffic of double
            (the CG products and residuals around it stay double)."""
            kernels.depth_lines(gv32, cp, inv, r, near)
            kernels.residual(main32, gv32, gx32, gy32, near, r, work)
            f = scipy.fft.rfft2(work)  # last two axes: contiguous x-y planes
            kernels.wave_lines(w_off, w_cp, w_inv, f.view(SINGLE))
            kernels.add(near, scipy.fft.irfft2(f, s=(nx, ny), overwrite_x=True))
            kernels.residual(main32, gv32, gx32, gy32, near, r, work)
            kernels.depth_lines(gv32, cp, inv, work, work)
            kernels.sum_into(near, work, out)

        b, x, r, z, p, ap = self.vectors
        kernels.to_depth_first(rhs, rhs, 0.0, b)
        if projection.count:  # the last solutions span the guess: start from zero, project
            x[:] = 0.0  # (the residual is then b minus the space's stored products: no
            r[:] = b  # product with A; the last solution is in the space, so the
        else:  # extrapolated guess below would add nothing)
            kernels.to_depth_first(u, before, ratio, x)
            kernels.residual(main, gv, gx, gy, x, b, r)
        solution = np.empty((self.ncol, self.nz))
        bnorm = float(np.sqrt(kernels.dot(b, b)))
        if bnorm == 0.0:
            solution[:] = 0.0
            return solution
        tolerance = (self.rtol * bnorm) ** 2
        projection.improve(x, r)
        rr = kernels.dot(r, r)
        rz = 0.0
        start = time.perf_counter()
        for iteration in range(maxiter):
            if rr <= tolerance:
                STATS["cg_seconds"] += time.perf_counter() - start
                if iteration:  # (without iterations x is in the space already, or nearly)
                    kernels.matvec(main, gv, gx, gy, x, z)  # exact, not b - r: kept for later
                    projection.add(x, z)
                kernels.to_columns(x, solution)
                return solution
            if cycle is None:
                precondition(r, z)
            else:
                cycle.apply(r, z)
            rz_new = kernels.dot(r, z)
            if rz == 0.0:  # the first direction (p may hold anything from the last solve)
                p[:] = z
            else:
                kernels.new_direction(p, z, rz_new / rz)
            rz = rz_new
            kernels.matvec(main, gv, gx, gy, p, ap)
            rr = kernels.step_update(x, r, p, ap, rz / kernels.dot(p, ap))
            STATS["iterations"] += 1
        raise RuntimeError("conjugate gradients did not converge on the patch")
