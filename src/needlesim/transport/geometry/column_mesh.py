"""ColumnMesh: cells stacked in columns (one depth grid for all), joined laterally by faces.

The 3D periodic patch (columns on an x-y grid) and the axisymmetric unit cell (columns are
rings) are both ColumnMeshes, so one assembler and one integrator serve both, and intact
skin is the same mesh with no channel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ColumnMesh:
    z_faces: np.ndarray  # (nz + 1,) depths of the cell faces [m]
    layer: np.ndarray  # (nz,) layer index of each depth cell
    column_area: np.ndarray  # (ncol,) top area of each column [m2]
    lateral: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    # (c1, c2, face length [m], distance c1 centre-face [m], distance face-c2 centre [m])
    channel_fraction: np.ndarray  # (ncol, nz) volume share of each cell inside a channel
    channel_of_column: np.ndarray  # (ncol,) index of the channel a column belongs to, -1 none
    grid_shape: tuple[int, int] | None = None  # (nx, ny) of a periodic patch; lateral faces
    # then come as all x-faces followed by all y-faces
    channel_conductance_share: np.ndarray | None = None  # (ncol, nz) share of each cell's
    # D K that is the channel's (a sub-grid channel model's); None: the volume share

    @property
    def nz(self) -> int:
        return self.layer.size

    @property
    def ncol(self) -> int:
        return self.column_area.size

    @property
    def dz(self) -> np.ndarray:
        return np.diff(self.z_faces)

    @property
    def volume(self) -> np.ndarray:
        return np.outer(self.column_area, self.dz)

    @property
    def area_m2(self) -> float:
        return float(self.column_area.sum())

    @property
    def channel_count(self) -> int:
        return int(self.channel_of_column.max()) + 1 if self.channel_of_column.size else 0


def sub_depths(z_faces: np.ndarray, samples: int = 8) -> np.ndarray:
    """(nz, samples) depths evenly inside each cell, for volume fractions by sampling."""
    fractions = (np.arange(samples) + 0.5) / samples
    return z_faces[:-1, None] + np.diff(z_faces)[:, None] * fractions[None, :]


def channel_radius(depth_m: np.ndarray, surface_radius_m: float, channel_depth_m: float,
                   taper: float) -> np.ndarray:
    """Radius of a channel at each depth: a (1 - z / L)^taper above its bottom, 0 below."""
    inside = depth_m < channel_depth_m
    shape = np.clip(1 - depth_m / channel_depth_m, 0, 1) ** taper if taper > 0 else 1.0
    return np.where(inside, surface_radius_m * shape, 0.0)
