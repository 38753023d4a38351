"""Compiled (Numba) kernels of the 3D patch's conjugate gradients (fastpatch.py) on the
structured (nz, nx, ny) grid, depth outermost so that each depth is a contiguous x-y plane:
the 7-point product and residual, the depth-line (Thomas) solves, and the vector updates of
CG fused into single passes (numpy would make a temporary and a pass per operation, about a
sixth of the solve's time on the benchmark)."""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def _cell(main, gv, gx, gy, x, k, km, kp, up, i, ip, im, j, jp, jm):  # pragma: no cover
    """(A x) at cell (k, i, j); ``up`` zero at the top (no cell above)."""
    return (main[k, i, j] * x[k, i, j] - gx[k, i, j] * x[k, ip, j] - gx[k, im, j] * x[k, im, j]
            - gy[k, i, j] * x[k, i, jp] - gy[k, i, jm] * x[k, i, jm]
            - up * gv[km, i, j] * x[km, i, j] - gv[k, i, j] * x[kp, i, j])


@numba.njit(cache=True)
def _apply(main, gv, gx, gy, x, b, keep, sign, out):  # pragma: no cover - compiled
    """out = keep b + sign A x. The periodic wrap is taken out of the innermost loop (the
    first and last cells of each row apart), so that loop is branch-free and vectorises;
    the depth neighbours' weights are zero beyond the top and bottom (gv[nz - 1] is zero)."""
    nz, nx, ny = x.shape
    for k in range(nz):
        km = k - 1 if k > 0 else 0
        kp = k + 1 if k + 1 < nz else k
        up = 1.0 if k > 0 else 0.0
        for i in range(nx):
            ip = i + 1 if i + 1 < nx else 0
            im = i - 1 if i > 0 else nx - 1
            last = ny - 1
            out[k, i, 0] = keep * b[k, i, 0] + sign * _cell(
                main, gv, gx, gy, x, k, km, kp, up, i, ip, im, 0, 1 % ny, last)
            for j in range(1, last):
                out[k, i, j] = keep * b[k, i, j] + sign * _cell(
                    main, gv, gx, gy, x, k, km, kp, up, i, ip, im, j, j + 1, j - 1)
            if last > 0:
                out[k, i, last] = keep * b[k, i, last] + sign * _cell(
                    main, gv, gx, gy, x, k, km, kp, up, i, ip, im, last, 0, last - 1)


@numba.njit(cache=True)
def matvec(main, gv, gx, gy, x, y):  # pragma: no cover - compiled
    """y = A x (periodic in x and y)."""
    _apply(main, gv, gx, gy, x, x, 0.0, 1.0, y)


@numba.njit(cache=True)
def residual(main, gv, gx, gy, x, b, out):  # pragma: no cover - compiled
    """out = b - A x; ``out`` may be single precision (what the FFT correction reads)."""
    _apply(main, gv, gx, gy, x, b, 1.0, -1.0, out)


@numba.njit(cache=True)
def thomas_factor(main, gv, cp, inv):  # pragma: no cover - compiled
    """Depth-line factors: cp (upper ratios) and inverse pivots, for all columns at once."""
    nz = main.shape[0]
    inv[0] = 1.0 / main[0]
    for k in range(1, nz):
        cp[k - 1] = -gv[k - 1] * inv[k - 1]
        inv[k] = 1.0 / (main[k] + gv[k - 1] * cp[k - 1])


@numba.njit(cache=True)
def depth_lines(off, cp, inv, r, out):  # pragma: no cover - compiled
    """Tridiagonal solves in depth for every (i, j) line, from the factors of thomas_factor
    (``off``: the lines' off-diagonals, negated); each step of the serial depth recurrence
    is a contiguous plane. ``out`` may be ``r`` (in place)."""
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


@numba.njit(cache=True)
def wave_factor(main, off, kx, ky, lx, ly, cp, inv):  # pragma: no cover - compiled
    """Factors of the depth lines of each lateral wavenumber (i, j) of the laterally averaged
    operator (fftprecond.py): diagonal main[k] + kx[i] lx[k] + ky[j] ly[k], off-diagonals
    -off[k]. Stored for wave_lines, each value twice (real and imaginary parts side by side);
    computed in double, kept in the precision of ``cp`` and ``inv``."""
    nz, nx, nw = main.size, kx.size, ky.size
    for i in range(nx):
        for j in range(nw):
            d = main[0] + kx[i] * lx[0] + ky[j] * ly[0]
            inv[0, i, 2 * j] = inv[0, i, 2 * j + 1] = 1.0 / d
            for k in range(1, nz):
                c = -off[k - 1] / d
                cp[k - 1, i, 2 * j] = cp[k - 1, i, 2 * j + 1] = c
                d = main[k] + kx[i] * lx[k] + ky[j] * ly[k] + off[k - 1] * c
                inv[k, i, 2 * j] = inv[k, i, 2 * j + 1] = 1.0 / d


@numba.njit(cache=True)
def wave_lines(off, cp, inv, f):  # pragma: no cover - compiled
    """In place, the depth-line solves of every lateral wavenumber; ``f`` the (nz, nx,
    ny // 2 + 1) complex transform viewed as reals (nz, nx, 2 (ny // 2 + 1)), so the
    loops run over plain reals and vectorise; ``off`` (nz - 1) is the same everywhere."""
    nz, nx, nw = f.shape
    for i in range(nx):
        for j in range(nw):
            f[0, i, j] = f[0, i, j] * inv[0, i, j]
    for k in range(1, nz):
        o = off[k - 1]
        for i in range(nx):
            for j in range(nw):
                f[k, i, j] = (f[k, i, j] + o * f[k - 1, i, j]) * inv[k, i, j]
    for k in range(nz - 2, -1, -1):
        for i in range(nx):
            for j in range(nw):
                f[k, i, j] -= cp[k, i, j] * f[k + 1, i, j]


@numba.njit(cache=True)
def add(out, a):  # pragma: no cover - compiled
    """out += a (``a`` may be single precision)."""
    o, v = out.ravel(), a.ravel()
    for n in range(o.size):
        o[n] += v[n]


@numba.njit(cache=True)
def sum_into(a, b, out):  # pragma: no cover - compiled
    """out = a + b (single-precision parts into a double vector)."""
    x, y, o = a.ravel(), b.ravel(), out.ravel()
    for n in range(o.size):
        o[n] = np.float64(x[n]) + np.float64(y[n])


@numba.njit(cache=True, fastmath=True)
def dot(a, b):  # pragma: no cover - compiled
    x, y = a.ravel(), b.ravel()
    s = 0.0
    for n in range(x.size):
        s += x[n] * y[n]
    return s


@numba.njit(cache=True, fastmath=True)
def step_update(x, r, p, ap, alpha):  # pragma: no cover - compiled
    """x += alpha p, r -= alpha A p; returns r . r."""
    xf, rf, pf, af = x.ravel(), r.ravel(), p.ravel(), ap.ravel()
    s = 0.0
    for n in range(xf.size):
        xf[n] += alpha * pf[n]
        rf[n] -= alpha * af[n]
        s += rf[n] * rf[n]
    return s


@numba.njit(cache=True)
def new_direction(p, z, beta):  # pragma: no cover - compiled
    """p = z + beta p."""
    pf, zf = p.ravel(), z.ravel()
    for n in range(pf.size):
        pf[n] = zf[n] + beta * pf[n]



@numba.njit(cache=True)
def to_depth_first(u, before, ratio, out):  # pragma: no cover - compiled
    """out (nz, nx, ny) = u + ratio (u - before), from the mesh's column-major (ncol, nz)
    layout (column c = i ny + j): the starting guess extrapolated and transposed in one pass."""
    nz, nx, ny = out.shape
    for i in range(nx):
        for j in range(ny):
            c = i * ny + j
            for k in range(nz):
                out[k, i, j] = u[c, k] + ratio * (u[c, k] - before[c, k])


@numba.njit(cache=True)
def to_columns(x, out):  # pragma: no cover - compiled
    """The inverse of to_depth_first's transpose: (nz, nx, ny) -> (ncol, nz)."""
    nz, nx, ny = x.shape
    for i in range(nx):
        for j in range(ny):
            c = i * ny + j
            for k in range(nz):
                out[c, k] = x[k, i, j]
