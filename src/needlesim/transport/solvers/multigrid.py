"""Geometric multigrid V-cycle for the 3D periodic patch's operator (the CG preconditioner
option of fastpatch.py).

The layers make the operator strongly anisotropic (thin cells, a thousandfold contrast in
depth), so the depth grid is kept on every level and only the lateral directions are
coarsened (semi-coarsening): cells are merged two by two in x and in y (the last aggregate
of an odd row takes three), down to a single column, which is solved exactly by its depth
line. The smoother is depth-line Gauss-Seidel on a lateral checkerboard of columns (each
line an exact Thomas solve, as in patch_kernels.py). Coarse operators are rediscretised
from averaged faces: depth faces and the diagonal terms (capacity / dt, losses, top and
bottom) add up over an aggregate; a lateral face between two aggregates is the sum of the
fine faces across it (in parallel) divided by the distance between the aggregates' centres
in fine cells (in series), so a uniform medium gives the same conductance per face on every
level. (A Galerkin product with piecewise-constant transfers would double the lateral
coupling at every level.) Smoothing is colour 0 then colour 1 before the coarse
correction and the reverse after it, so the V-cycle is a symmetric positive definite M^-1
and CG applies. The grids and their faces are built once per set of faces (Hierarchy), the
diagonals and line factors of every level once per step size (VCycle)."""

from __future__ import annotations

import numpy as np

from needlesim.transport.solvers import multigrid_kernels as mg
from needlesim.transport.solvers import patch_kernels as kernels


def _aggregates(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Aggregate index of each of n cells (pairs, the last one a triple when n is odd) and
    the aggregates' sizes."""
    count = max(n // 2, 1)
    index = np.minimum(np.arange(n) // 2, count - 1)
    return index.astype(np.int64), np.bincount(index, minlength=count).astype(float)


def _face_sums(extra: np.ndarray, gv: np.ndarray, gx: np.ndarray, gy: np.ndarray):
    """The diagonal of the 7-point operator from its faces and extra diagonal terms."""
    main = extra + gx + np.roll(gx, 1, axis=1) + gy + np.roll(gy, 1, axis=2) + gv
    main[1:] += gv[:-1]
    return main


def _sum_blocks(a: np.ndarray, ix: np.ndarray, iy: np.ndarray, shape: tuple) -> np.ndarray:
    """Sums over the lateral aggregates (P^T a)."""
    out = np.empty(shape)
    mg.restrict(np.ascontiguousarray(a), ix, iy, out)
    return out


def _lateral(g: np.ndarray, ix: np.ndarray, iy: np.ndarray, sizes: np.ndarray, axis: int,
             shape: tuple) -> np.ndarray:
    """Coarse faces along ``axis`` (1: x, 2: y): the fine faces crossing from one aggregate
    to the next, summed over each coarse face, divided by the centres' distance."""
    if sizes.size == 1:
        return np.zeros(shape)
    index = ix if axis == 1 else iy
    crossing = (index != np.roll(index, -1)).astype(float)
    crossing = crossing[None, :, None] if axis == 1 else crossing[None, None, :]
    summed = _sum_blocks(g * crossing, ix, iy, shape)  # faces leaving each aggregate
    distance = 0.5 * (sizes + np.roll(sizes, -1))
    return summed / (distance[None, :, None] if axis == 1 else distance[None, None, :])


class Hierarchy:
    """The grids of the V-cycle for one set of faces (any step size): per level the faces
    (double, and in ``dtype`` for the cycle), the face part of the diagonal, the map of its
    cells to the next coarser grid's (``ax``, ``ay``) and work vectors. ``gv`` (nz, nx, ny)
    the depth faces below each cell (zero in the last depth), ``gx``/``gy`` the lateral
    faces towards i + 1 / j + 1 (periodic)."""

    def __init__(self, gv: np.ndarray, gx: np.ndarray, gy: np.ndarray, dtype=np.float32):
        self.dtype = dtype
        gv, gx, gy = (np.asarray(a, float) for a in (gv, gx, gy))
        self.faces = [(gv, gx, gy)]
        self.maps = []
        while gv.shape[1] > 1 or gv.shape[2] > 1:
            nz, nx, ny = gv.shape
            ix, sx = _aggregates(nx)
            iy, sy = _aggregates(ny)
            shape = (nz, sx.size, sy.size)
            gv, gx, gy = (_sum_blocks(gv, ix, iy, shape), _lateral(gx, ix, iy, sx, 1, shape),
                          _lateral(gy, ix, iy, sy, 2, shape))
            self.maps.append((ix, iy))
            self.faces.append((gv, gx, gy))
        zero = [np.zeros(f[0].shape) for f in self.faces]
        self.face_main = [_face_sums(z, *f) for z, f in zip(zero, self.faces, strict=True)]
        self.single = [tuple(np.ascontiguousarray(a, dtype) for a in f) for f in self.faces]
        self.vectors = [tuple(np.zeros(f[0].shape, dtype) for _ in range(3)) for f in self.faces]

    def diagonals(self, main: np.ndarray) -> list[np.ndarray]:
        """Every level's diagonal from the finest one's: the extra terms (capacity / dt,
        losses, top and bottom) summed over the aggregates, plus the level's face part."""
        extra = main - self.face_main[0]
        out = [main]
        for (ix, iy), face_main in zip(self.maps, self.face_main[1:], strict=True):
            extra = _sum_blocks(extra, ix, iy, face_main.shape)
            out.append(extra + face_main)
        return out


class VCycle:
    """M^-1 r by one V-cycle from a zero guess, for the operator with diagonal ``main``
    (nz, nx, ny) and the faces of ``hierarchy``. ``sweeps`` checkerboard sweeps before and
    after each coarse correction."""

    def __init__(self, hierarchy: Hierarchy, main: np.ndarray, sweeps: int = 1):
        self.hierarchy, self.sweeps = hierarchy, sweeps
        dtype = hierarchy.dtype
        self.levels = []
        for level_main, (gv, _, _), single in zip(hierarchy.diagonals(main), hierarchy.faces,
                                                  hierarchy.single, strict=True):
            cp, inv = np.zeros(level_main.shape, dtype), np.zeros(level_main.shape, dtype)
            kernels.thomas_factor(level_main, gv, cp, inv)
            self.levels.append((level_main.astype(dtype), *single, cp, inv))

    def apply(self, r: np.ndarray, out: np.ndarray) -> None:
        """out = M^-1 r, all (nz, nx, ny)."""
        self._cycle(0, r)
        out[:] = self.hierarchy.vectors[0][1]

    def _cycle(self, depth: int, b: np.ndarray) -> None:
        main, gv, gx, gy, cp, inv = self.levels[depth]
        _, x, work = self.hierarchy.vectors[depth]
        if depth == len(self.levels) - 1:  # a single column: its depth line, exactly
            kernels.depth_lines(gv, cp, inv, b, x)
            return
        x[:] = 0.0
        for _ in range(self.sweeps):
            mg.colour_lines(gv, gx, gy, cp, inv, b, x, work, 0)
            mg.colour_lines(gv, gx, gy, cp, inv, b, x, work, 1)
        kernels.residual(main, gv, gx, gy, x, b, work)
        ix, iy = self.hierarchy.maps[depth]
        coarse_b, coarse_x, _ = self.hierarchy.vectors[depth + 1]
        mg.restrict(work, ix, iy, coarse_b)
        self._cycle(depth + 1, coarse_b)
        mg.prolong_add(x, ix, iy, coarse_x)
        for _ in range(self.sweeps):
            mg.colour_lines(gv, gx, gy, cp, inv, b, x, work, 1)
            mg.colour_lines(gv, gx, gy, cp, inv, b, x, work, 0)
