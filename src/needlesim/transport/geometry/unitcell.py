"""Axisymmetric unit cell: one channel in the centre of the skin area it owns (radius R)."""

from __future__ import annotations

import numpy as np

from needlesim.transport.geometry.column_mesh import ColumnMesh, channel_radius, sub_depths

RINGS_INSIDE = 3  # rings across the channel mouth at refinement 1 (see docs/transport.md)
RINGS_OUTSIDE = 10  # geometrically growing rings from the mouth to the cell edge
ADAPTIVE_OUTSIDE = True  # fewer outer rings where the mouth nearly fills the cell


def ring_faces(mouth_m: float, cell_m: float, refine: float = 1.0) -> np.ndarray:
    """Ring faces: evenly across the mouth, then growing geometrically to the cell's edge.
    The outer rings are as many as a cell 20 mouth radii wide gets (RINGS_OUTSIDE) scaled by
    log(cell / mouth) / log(20), at least 2: a cell its mouth nearly fills (dense pen
    fields) needs few, and the banded factorisation's cost grows with the rings cubed."""
    inside = max(2, int(round(RINGS_INSIDE * refine)))
    if mouth_m >= cell_m * 0.999:
        return np.linspace(0.0, cell_m, inside + 1)
    wide = RINGS_OUTSIDE * np.log(cell_m / mouth_m) / np.log(20.0) if ADAPTIVE_OUTSIDE else RINGS_OUTSIDE
    outside = max(2, int(np.ceil(min(wide, RINGS_OUTSIDE) * refine)))
    inner = np.linspace(0.0, mouth_m, inside + 1)
    outer = mouth_m + (cell_m - mouth_m) * (np.geomspace(1.0, 21.0, outside + 1)[1:] - 1) / 20.0
    return np.concatenate([inner, outer])


def unit_cell_mesh(z_faces: np.ndarray, layer: np.ndarray, cell_radius_m: float,
                   mouth_radius_m: float, channel_depth_m: float, taper: float,
                   refine: float = 1.0,
                   open_share: tuple[np.ndarray, np.ndarray] | None = None) -> ColumnMesh:
    """Rings around one channel (mouth radius a, depth L); a = 0 or L = 0 gives intact skin.
    ``open_share`` (depths [m], shares) scales the channel's cross-section at each depth
    to the part it owns where channels overlap (overlaps.py)."""
    has_channel = mouth_radius_m > 0 and channel_depth_m > 0

    def scale(depth):
        return 1.0 if open_share is None else np.sqrt(np.interp(depth, *open_share))

    mouth = min(mouth_radius_m * scale(0.0), cell_radius_m) if has_channel else cell_radius_m / 2
    r = ring_faces(mouth, cell_radius_m, refine)
    area = np.pi * np.diff(r**2)
    centres = 0.5 * (r[1:] + r[:-1])
    inner, outer = r[:-1], r[1:]
    lateral = (np.arange(r.size - 2), np.arange(1, r.size - 1), 2 * np.pi * r[1:-1],
               r[1:-1] - centres[:-1], centres[1:] - r[1:-1])
    nz = layer.size
    fraction = np.zeros((area.size, nz))
    if has_channel:
        depths = sub_depths(z_faces)  # (nz, s)
        surface = mouth if open_share is None else mouth_radius_m
        radius = channel_radius(depths, surface, channel_depth_m, taper) * scale(depths)
        radius = np.minimum(radius, cell_radius_m)  # (nz, s)
        clipped = np.clip(radius[None, :, :], inner[:, None, None], outer[:, None, None])
        share = (clipped**2 - inner[:, None, None] ** 2) / (outer**2 - inner**2)[:, None, None]
        fraction = share.mean(axis=2)
    return ColumnMesh(
        z_faces=z_faces, layer=layer, column_area=area, lateral=lateral,
        channel_fraction=fraction,
        channel_of_column=np.zeros(area.size, dtype=int) if has_channel else -np.ones(area.size, dtype=int),
    )
