"""Neighbours of punctures: the k-th nearest distance (overlapping wounds of a field,
owned areas of channels in a window) and the pairs closer than a radius (overlapping
mouths), by a compiled cell list. A serum delivery needs both for about 2,000 channels
per patient, where k-d trees took about 4 ms of its 15 ms; a session's field of up to
200,000 punctures takes the cell list a third of a k-d tree's time. Periodic patches
(a few dozen channels) are searched pairwise with the nearest periodic image."""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True)
def _cell_list(x, y, low_x, low_y, size, nx, ny):  # pragma: no cover - compiled
    """Channels sorted by grid cell (row-major) and each cell's start in that order."""
    cell = np.empty(x.size, np.int64)
    count = np.zeros(nx * ny + 1, np.int64)
    for k in range(x.size):
        i = min(max(int((x[k] - low_x) / size), 0), nx - 1)
        j = min(max(int((y[k] - low_y) / size), 0), ny - 1)
        cell[k] = i * ny + j
        count[cell[k] + 1] += 1
    start = np.cumsum(count)
    order = np.empty(x.size, np.int64)
    fill = start[:-1].copy()
    for k in range(x.size):
        order[fill[cell[k]]] = k
        fill[cell[k]] += 1
    return order, start


def _grid(x, y, size):
    low_x, low_y = float(x.min()), float(y.min())
    nx = max(1, int((float(x.max()) - low_x) / size) + 1)
    ny = max(1, int((float(y.max()) - low_y) / size) + 1)
    order, start = _cell_list(x, y, low_x, low_y, size, nx, ny)
    return low_x, low_y, nx, ny, order, start


@numba.njit(cache=True)
def _kth(x, y, of, k, low_x, low_y, size, nx, ny, order, start):  # pragma: no cover
    """Distance from each channel ``of`` to its k-th nearest other channel: cells are
    searched in growing square rings until the ring is farther than the k-th best."""
    out = np.empty(of.size)
    best = np.empty(k)
    for q in range(of.size):
        p = of[q]
        best[:] = np.inf
        ci = min(max(int((x[p] - low_x) / size), 0), nx - 1)
        cj = min(max(int((y[p] - low_y) / size), 0), ny - 1)
        ring = 0
        while True:
            for i in range(ci - ring, ci + ring + 1):
                for j in range(cj - ring, cj + ring + 1):
                    if max(abs(i - ci), abs(j - cj)) != ring or i < 0 or j < 0 or i >= nx or j >= ny:
                        continue
                    c = i * ny + j
                    for s in range(start[c], start[c + 1]):
                        m = order[s]
                        if m == p:
                            continue
                        d = np.sqrt((x[m] - x[p]) ** 2 + (y[m] - y[p]) ** 2)
                        if d < best[k - 1]:
                            t = k - 1
                            while t > 0 and best[t - 1] > d:
                                best[t] = best[t - 1]
                                t -= 1
                            best[t] = d
            # every channel not yet seen is at least ``ring * size`` away
            if best[k - 1] <= ring * size or ring > nx + ny:
                break
            ring += 1
        out[q] = best[k - 1]
    return out


def kth_distance(x: np.ndarray, y: np.ndarray, of: np.ndarray, k: int) -> np.ndarray:
    """Distance from each channel ``of`` to its k-th nearest other channel (inf if fewer)."""
    if x.size < 2:
        return np.full(of.size, np.inf)
    size = np.sqrt((np.ptp(x) * np.ptp(y) + 1e-30) / x.size * max(k, 1))
    low_x, low_y, nx, ny, order, start = _grid(x, y, size)
    return _kth(x, y, np.asarray(of, np.int64), k, low_x, low_y, size, nx, ny, order, start)


@numba.njit(cache=True)
def _count_within(x, y, of, radius, low_x, low_y, size, nx, ny, order, start, out_i,
                  out_j):  # pragma: no cover - compiled
    """Pairs (position in ``of``, channel) closer than ``radius`` (cells of at least the
    radius: the 3 x 3 cells around each channel hold all of them); with ``out_i`` of size
    0 only counts them."""
    n = 0
    for q in range(of.size):
        p = of[q]
        ci = min(max(int((x[p] - low_x) / size), 0), nx - 1)
        cj = min(max(int((y[p] - low_y) / size), 0), ny - 1)
        for i in range(max(ci - 1, 0), min(ci + 2, nx)):
            for j in range(max(cj - 1, 0), min(cj + 2, ny)):
                c = i * ny + j
                for s in range(start[c], start[c + 1]):
                    m = order[s]
                    if m != p and (x[m] - x[p]) ** 2 + (y[m] - y[p]) ** 2 < radius * radius:
                        if out_i.size:
                            out_i[n] = q
                            out_j[n] = m
                        n += 1
    return n


def pairs_within(x: np.ndarray, y: np.ndarray, of: np.ndarray, radius: float,
                 side: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (position in ``of``, channel index) of distinct channels closer than
    ``radius``, sorted by the first, and the offset of the second from the first (nearest
    periodic image when ``side`` is given)."""
    of = np.asarray(of, np.int64)
    if side is not None or x.size < 2:  # a patch: every pair, nearest image
        dx = x[None, :] - x[of][:, None]
        dy = y[None, :] - y[of][:, None]
        if side is not None:
            dx -= side * np.round(dx / side)
            dy -= side * np.round(dy / side)
        near = (dx**2 + dy**2 < radius**2) & (of[:, None] != np.arange(x.size)[None, :])
        a, b = np.nonzero(near)
        return a, b, np.column_stack([dx[a, b], dy[a, b]])
    low_x, low_y, nx, ny, order, start = _grid(x, y, radius)
    empty = np.zeros(0, np.int64)
    count = _count_within(x, y, of, radius, low_x, low_y, radius, nx, ny, order, start, empty, empty)
    a, b = np.empty(count, np.int64), np.empty(count, np.int64)
    _count_within(x, y, of, radius, low_x, low_y, radius, nx, ny, order, start, a, b)
    return a, b, np.column_stack([x[b] - x[of[a]], y[b] - y[of[a]]])
