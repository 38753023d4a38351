"""Shape of the skin each channel owns: the distance from the channel to the edge of its
Voronoi cell along evenly spaced rays.

A disc of the owned area puts every channel at the centre of its cell. Where channels
cluster (a stamp set down several times, the random gaps of a Poisson field) a channel sits
near one edge of its cell, its neighbours' reach starts sooner on that side, and the disc
delivers too much (up to 10 % against the 3D patch, docs/transport.md). The unit cell
therefore takes, at each distance r from the channel, the share of the rays whose edge is
farther than r: rings keep the area the cell holds between two distances and a face
length 2 pi r times that share (geometry/unitcell.py). A disc gives the plain rings back.
Each channel's distances are scaled so that their polar area, pi mean(rho^2), is the area
the channel owns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from needlesim.devices.neighbours import pairs_within

RAYS = 32  # evenly spaced directions per channel
COUNTED = 512  # channels whose cells are traced in a large window (classes pool them)
SEARCH_SPACINGS = 3.0  # neighbours searched within this many mean spacings in a field


@dataclass(frozen=True)
class OwnedCells:
    boundary_m: np.ndarray  # (traced, RAYS) distance to the cell's edge along each ray
    traced: np.ndarray | None = None  # indices of the traced channels (None: all)

    def pooled(self, members: np.ndarray) -> np.ndarray:
        """All rays of a group's traced channels (of all traced ones if none is)."""
        rows = members
        if self.traced is not None:
            rows = np.flatnonzero(np.isin(self.traced, members))
            rows = rows if rows.size else np.arange(self.traced.size)
        return self.boundary_m[rows].ravel()


@numba.njit(cache=True)
def _edges(start, offset, cap, cos, sin, out):  # pragma: no cover - compiled
    """out[a, m]: along ray m from channel a, the distance to the nearest bisector of a and
    a neighbour (neighbours of a at ``offset[start[a]:start[a + 1]]``), at most cap[a]."""
    for a in range(out.shape[0]):
        for m in range(cos.size):
            out[a, m] = cap[a]
        for p in range(start[a], start[a + 1]):
            dx, dy = offset[p, 0], offset[p, 1]
            half_d2 = 0.5 * (dx * dx + dy * dy)
            for m in range(cos.size):  # branch-light inner loop over the rays
                ahead = max(dx * cos[m] + dy * sin[m], 1e-300)
                out[a, m] = min(out[a, m], half_d2 / ahead)


def _trace(start, offset, cap, area_m2) -> np.ndarray:
    angle = (np.arange(RAYS) + 0.5) * 2 * np.pi / RAYS
    out = np.empty((cap.size, RAYS))
    _edges(start, np.ascontiguousarray(offset, dtype=float), cap, np.cos(angle), np.sin(angle), out)
    polar = np.pi * np.mean(out**2, axis=1)
    return out * np.sqrt(area_m2 / polar)[:, None]


def periodic_cells(x_m: np.ndarray, y_m: np.ndarray, side_m: float, area_m2: np.ndarray) -> OwnedCells:
    """Every channel's cell in a periodic patch (neighbours: all channels and their images
    in the eight patches around)."""
    n = x_m.size
    shifts = np.array([(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)], dtype=float) * side_m
    offsets = []
    for a in range(n):
        d = np.column_stack([x_m - x_m[a], y_m - y_m[a]])
        d = (d[None, :, :] + shifts[:, None, :]).reshape(-1, 2)
        offsets.append(d[np.hypot(d[:, 0], d[:, 1]) > 0])
    start = np.concatenate([[0], np.cumsum([o.shape[0] for o in offsets])]).astype(np.int64)
    offset = np.concatenate(offsets) if n else np.zeros((0, 2))
    return OwnedCells(_trace(start, offset, np.full(n, 2.0 * side_m), np.asarray(area_m2, float)))


def field_cells(x_m: np.ndarray, y_m: np.ndarray, of: np.ndarray, area_m2: np.ndarray,
                spacing_m: float, counted: int = COUNTED) -> OwnedCells:
    """Cells of an even subsample of at most ``counted`` of the channels ``of`` (whose owned
    areas are ``area_m2``) among all the given channels; neighbours within SEARCH_SPACINGS
    mean spacings (an edge farther than half that is not seen: such rays stop there)."""
    of = np.asarray(of)
    chosen = np.arange(of.size)
    if of.size > counted:
        chosen = np.unique(np.linspace(0, of.size - 1, counted).round().astype(int))
    radius = SEARCH_SPACINGS * spacing_m
    a, _, offset = pairs_within(x_m, y_m, of[chosen], radius)
    start = np.searchsorted(a, np.arange(chosen.size + 1)).astype(np.int64)
    boundary = _trace(start, offset, np.full(chosen.size, radius / 2), np.asarray(area_m2, float)[chosen])
    return OwnedCells(boundary, None if chosen.size == of.size else chosen)
