"""Depth grid: cell faces at every layer boundary, finer cells in the thin upper layers."""

from __future__ import annotations

import numpy as np

from needlesim.skin import Skin

# Largest cell size per layer [m] at refinement 1 (stratum corneum, viable epidermis,
# papillary dermis, reticular dermis, hypodermis): a numerical choice, checked by the
# convergence test (tests/transport/test_convergence.py).
CELL_SIZE_M = (5e-6, 10e-6, 20e-6, 25e-6, 50e-6)


def layer_bottoms(skin: Skin, domain_depth_m: float) -> np.ndarray:
    bottoms = np.minimum(skin.boundaries_m, domain_depth_m)
    bottoms[-1] = domain_depth_m
    return bottoms


def depth_faces(skin: Skin, domain_depth_m: float, refine: float = 1.0,
                cell_size_m=CELL_SIZE_M) -> tuple[np.ndarray, np.ndarray]:
    """Face depths (nz + 1) and the layer index of each cell (nz)."""
    bottoms = layer_bottoms(skin, domain_depth_m)
    faces, layer = [0.0], []
    top = 0.0
    for index, bottom in enumerate(bottoms):
        thickness = bottom - top
        if thickness <= 1e-12:
            continue
        count = max(1, int(np.ceil(thickness / cell_size_m[index] * refine - 1e-9)))
        faces.extend(np.linspace(top, bottom, count + 1)[1:])
        layer.extend([index] * count)
        top = bottom
    return np.asarray(faces), np.asarray(layer, dtype=int)


def domain_depth(skin: Skin, deepest_channel_m: float, hypodermis_m: float, margin_m: float) -> float:
    depth = max(skin.dermis_bottom_m + hypodermis_m, deepest_channel_m + margin_m)
    return float(min(depth, skin.total_depth_m))
