"""3D periodic patch: an x-y grid of columns holding the channels of a puncture field,
cut from the session's real field (the 3D reference of the reduced model)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.insertion import Channels
from needlesim.transport.geometry.column_mesh import ColumnMesh, channel_radius, sub_depths
from needlesim.transport.geometry.subgrid import SubgridChannels

LATERAL_SAMPLES = 4  # sub-samples per cell side for channel volume fractions


@dataclass(frozen=True)
class PatchChannels:
    """Channels of a periodic patch [0, side) x [0, side): centres, mouth radii, depths."""

    x_m: np.ndarray
    y_m: np.ndarray
    mouth_radius_m: np.ndarray
    depth_m: np.ndarray
    half_life_s: np.ndarray
    side_m: float
    late_half_life_s: np.ndarray | None = None

    @property
    def count(self) -> int:
        return int(self.x_m.size)


def patch_mesh(z_faces: np.ndarray, layer: np.ndarray, channels: PatchChannels, cells: int,
               taper: float, subgrid: SubgridChannels | None = None) -> ColumnMesh:
    """Cells of an x-y grid of ``cells`` x ``cells`` columns; each cell's volume share inside
    a channel from 4 x 4 x 8 sub-samples. ``subgrid``: the sub-grid channel model
    (subgrid.py), which spreads each channel over a disc of a few cells (its volume kept)
    and scales its conductance."""
    side = channels.side_m
    dx = side / cells
    ncol, nz = cells * cells, layer.size
    index = np.arange(ncol).reshape(cells, cells)
    c1 = np.concatenate([index.ravel(), index.ravel()])
    c2 = np.concatenate([np.roll(index, -1, axis=0).ravel(), np.roll(index, -1, axis=1).ravel()])
    half = np.full(c1.size, dx / 2)
    lateral = (c1, c2, np.full(c1.size, dx), half, half)

    fraction = np.zeros((ncol, nz))
    conducting = np.zeros((ncol, nz))  # the channels' share of each cell's D K
    spread = 0.0 if subgrid is None else subgrid.spread_cells * dx
    owner = -np.ones(ncol, dtype=int)
    best = np.zeros(ncol)
    depths = sub_depths(z_faces)  # (nz, s)
    offsets = (np.arange(LATERAL_SAMPLES) + 0.5) / LATERAL_SAMPLES * dx
    for n in range(channels.count):
        a, x0, y0 = channels.mouth_radius_m[n], channels.x_m[n], channels.y_m[n]
        factor = 1.0 if subgrid is None else subgrid.conductance_factor(dx, a)
        reach = int(np.ceil(max(a, spread) / dx)) + 1
        i0, j0 = int(np.floor(x0 / dx)), int(np.floor(y0 / dx))
        ii = np.arange(i0 - reach, i0 + reach + 1)
        jj = np.arange(j0 - reach, j0 + reach + 1)
        # sample points of the neighbouring cells, unwrapped around the channel centre
        px = (ii[:, None] * dx + offsets[None, :]).ravel()  # (ni * s,)
        py = (jj[:, None] * dx + offsets[None, :]).ravel()
        d2 = (px[:, None] - x0) ** 2 + (py[None, :] - y0) ** 2  # (ni*s, nj*s)
        radius = channel_radius(depths, a, channels.depth_m[n], taper)  # (nz, sz)
        # spread over a wider disc where the model asks, its volume kept: weight (r / r_spread)^2
        wide = np.where(radius > 0, np.maximum(radius, spread), 0.0)
        weight = np.divide(radius**2, wide**2, out=np.zeros_like(radius), where=wide > 0)
        k = LATERAL_SAMPLES
        inside = d2[None, None, :, :] < wide[:, :, None, None] ** 2  # (nz, sz, ni*s, nj*s)
        inside = inside * weight[:, :, None, None]
        share = inside.reshape(nz, depths.shape[1], ii.size, k, jj.size, k).mean(axis=(1, 3, 5))
        cols = index[np.ix_(ii % cells, jj % cells)]  # (ni, nj)
        share = share.reshape(nz, -1).T  # (ni*nj, nz)
        flat = cols.ravel()
        np.add.at(fraction, flat, share)
        np.add.at(conducting, flat, factor * share)
        overlap = share.sum(axis=1)
        better = overlap > best[flat]
        owner[flat[better]] = n
        best[flat[better]] = overlap[better]
    return ColumnMesh(
        z_faces=z_faces, layer=layer, column_area=np.full(ncol, dx * dx), lateral=lateral,
        channel_fraction=np.minimum(fraction, 1.0), channel_of_column=owner,
        grid_shape=(cells, cells),
        channel_conductance_share=None if subgrid is None else np.minimum(conducting, 1.0),
    )


def patch_from_field(channels: Channels, early_half_life_s: np.ndarray,
                     late_half_life_s: np.ndarray | None, target_count: int = 16) -> PatchChannels:
    """Square patch at the centre of the treated area holding about ``target_count`` pierced
    channels (their real positions, depths and mouths), made periodic.

    ``early_half_life_s`` / ``late_half_life_s`` are per pierced channel (session_channels).
    """
    field = channels.field
    pierced = np.flatnonzero(channels.pierced)
    density = pierced.size / field.area_m2
    side = min(float(np.sqrt(target_count / density)), field.side_m)
    low = (field.side_m - side) / 2
    x, y = field.x_m[pierced] - low, field.y_m[pierced] - low
    inside = (x >= 0) & (x < side) & (y >= 0) & (y < side)
    late = None if late_half_life_s is None else late_half_life_s[inside]
    return PatchChannels(
        x_m=x[inside], y_m=y[inside],
        mouth_radius_m=channels.surface_diameter_m[pierced][inside] / 2,
        depth_m=channels.depth_m[pierced][inside],
        half_life_s=early_half_life_s[inside], side_m=side, late_half_life_s=late,
    )
