"""Skin area each channel owns: its Voronoi cell (periodic patch) or a nearest-neighbour
estimate (large fields). The reduced model sizes each class's unit cell from these."""

from __future__ import annotations

import numpy as np
from scipy.spatial import ConvexHull, Voronoi

from needlesim.devices.neighbours import kth_distance

NEIGHBOURS = 6


def periodic_voronoi_areas(x: np.ndarray, y: np.ndarray, side: float) -> np.ndarray:
    n = x.size
    if n < 3:
        return np.full(n, side * side / max(n, 1))
    shifts = [(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)]
    points = np.concatenate([np.column_stack([x + i * side, y + j * side]) for i, j in shifts])
    diagram = Voronoi(points)
    centre = shifts.index((0, 0)) * n
    areas = np.empty(n)
    for k in range(n):
        region = diagram.regions[diagram.point_region[centre + k]]
        areas[k] = ConvexHull(diagram.vertices[region]).volume
    return areas * (side * side / areas.sum())  # exact tiling up to round-off


def nearest_neighbour_areas(x: np.ndarray, y: np.ndarray, total_area: float,
                            of: np.ndarray | None = None) -> np.ndarray:
    """Local area per channel from the distance to the k-th neighbour, scaled so that the
    channels ``of`` (indices; all by default) own ``total_area``; those channels' areas."""
    n = x.size
    of = np.arange(n) if of is None else of
    if n <= NEIGHBOURS:
        return np.full(of.size, total_area / max(of.size, 1))
    local = np.pi * kth_distance(x, y, of, NEIGHBOURS) ** 2 / NEIGHBOURS
    return local * (total_area / local.sum())
