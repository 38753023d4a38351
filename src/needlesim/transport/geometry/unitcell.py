"""Axisymmetric unit cell: one channel in the centre of the skin area it owns (radius R)."""

from __future__ import annotations

import numpy as np

from needlesim.transport.geometry.column_mesh import ColumnMesh, channel_radius, sub_depths

RINGS_INSIDE = 3  # rings across the channel mouth at refinement 1 (see docs/transport.md)
RINGS_OUTSIDE = 10  # geometrically growing rings from the mouth to the cell edge
ADAPTIVE_OUTSIDE = True  # fewer outer rings where the mouth nearly fills the cell
LOG_MEAN_NODES = True  # ring values at their log-mean radii (exact for radial steady flow)


def ring_faces(mouth_m: float, cell_m: float, refine: float = 1.0,
               disc_m: float | None = None) -> np.ndarray:
    """Ring faces: evenly across the mouth, then growing geometrically to the cell's edge.
    The outer rings are as many as a cell 20 mouth radii wide gets (RINGS_OUTSIDE) scaled by
    log(disc / mouth) / log(20), at least 2, with ``disc`` the radius of the disc of the
    cell's area (the cell's own radius by default): a cell its mouth nearly fills (dense pen
    fields) needs few, and the banded factorisation's cost grows with the rings cubed."""
    inside = max(2, int(round(RINGS_INSIDE * refine)))
    if mouth_m >= cell_m * 0.999:
        return np.linspace(0.0, cell_m, inside + 1)
    disc = max(min(disc_m or cell_m, cell_m), mouth_m)
    wide = RINGS_OUTSIDE * np.log(disc / mouth_m) / np.log(20.0) if ADAPTIVE_OUTSIDE else RINGS_OUTSIDE
    outside = max(2, int(np.ceil(min(wide, RINGS_OUTSIDE) * refine)))
    inner = np.linspace(0.0, mouth_m, inside + 1)
    outer = mouth_m + (cell_m - mouth_m) * (np.geomspace(1.0, 21.0, outside + 1)[1:] - 1) / 20.0
    return np.concatenate([inner, outer])


def log_mean_radius(inner_m: np.ndarray, outer_m: np.ndarray) -> np.ndarray:
    """The radius at which u = A + B ln r takes its mean over the ring [inner, outer]
    (area-weighted): ln rho = (o^2 ln o - i^2 ln i) / (o^2 - i^2) - 1/2; a disc (i = 0)
    gives o e^(-1/2), whose distance to its edge, o ln(o / rho) = o / 2, is the arithmetic
    one."""
    inner = np.asarray(inner_m, dtype=float)
    outer = np.asarray(outer_m, dtype=float)
    i_log_i = np.where(inner > 0, inner**2 * np.log(np.where(inner > 0, inner, 1.0)), 0.0)
    return np.exp((outer**2 * np.log(outer) - i_log_i) / (outer**2 - inner**2) - 0.5)


def ring_distances(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Half-distances (ring value to the face, face to the next ring's value) that give each
    inner face the two-point flux of a ring's mean value. With LOG_MEAN_NODES each half is
    the exact resistance of a half-annulus to radial steady flow, f ln(f / rho) with rho the
    log-mean radius (2 pi D f dz / d of the face is then 2 pi D dz / ln(f / rho)): the
    profile about a channel is logarithmic, and on geometrically growing rings of ratio 1.3
    the arithmetic half-widths (the alternative) give each face about 1 % too little
    conductance, which rings finer by 4 are needed to undo (docs/transport.md)."""
    face = r[1:-1]
    if not LOG_MEAN_NODES:
        centres = 0.5 * (r[1:] + r[:-1])
        return face - centres[:-1], centres[1:] - face
    rho = log_mean_radius(r[:-1], r[1:])
    return face * np.log(face / rho[:-1]), face * np.log(rho[1:] / face)


def rays_outside_mouth(edge_m: np.ndarray, mouth_m: float) -> np.ndarray:
    """Rays that end inside the mouth (where a neighbour's channel meets this one) end at
    it; the parts of the others beyond the mouth shrink by one factor so that the cell keeps
    its area, pi mean(edge^2) (a cell no larger than the mouth becomes the mouth's disc)."""
    area = np.mean(edge_m**2)  # / pi
    beyond = np.maximum(edge_m - mouth_m, 0.0)
    b, c = 2 * mouth_m * np.mean(beyond), np.mean(beyond**2)
    room = area - mouth_m**2
    if room <= 0 or c <= 0:
        return np.full_like(edge_m, mouth_m)
    k = 2 * room / (b + np.sqrt(b * b + 4 * c * room))  # root of c k^2 + b k = room
    return mouth_m + k * beyond


def unit_cell_mesh(z_faces: np.ndarray, layer: np.ndarray, cell_radius_m: float,
                   mouth_radius_m: float, channel_depth_m: float, taper: float,
                   refine: float = 1.0,
                   open_share: tuple[np.ndarray, np.ndarray] | None = None,
                   boundary_m: np.ndarray | None = None) -> ColumnMesh:
    """Rings around one channel (mouth radius a, depth L); a = 0 or L = 0 gives intact skin.
    ``open_share`` (depths [m], shares) scales the channel's cross-section at each depth
    to the part it owns where channels overlap (overlaps.py). ``boundary_m`` (distances to
    the owned cell's edge along rays, pooled over a class's channels; owned_cells.py)
    replaces the disc of radius ``cell_radius_m``: each ring holds the area the cells hold
    between its radii and each face the share of the rays that reach past it."""
    has_channel = mouth_radius_m > 0 and channel_depth_m > 0

    def scale(depth):
        return 1.0 if open_share is None else np.sqrt(np.interp(depth, *open_share))

    edge = None
    if boundary_m is not None and has_channel:
        edge = rays_outside_mouth(np.asarray(boundary_m, dtype=float).ravel(), mouth_radius_m * scale(0.0))
        cell_radius_m = float(edge.max())
    mouth = min(mouth_radius_m * scale(0.0), cell_radius_m) if has_channel else cell_radius_m / 2
    disc = None if edge is None else float(np.sqrt(np.mean(edge**2)))
    r = ring_faces(mouth, cell_radius_m, refine, disc)
    inner, outer = r[:-1], r[1:]
    if edge is None:
        area, reach = np.pi * np.diff(r**2), np.ones(r.size - 2)
    else:
        area = np.diff(np.pi * np.mean(np.minimum(edge[None, :], r[:, None]) ** 2, axis=1))
        reach = np.mean(edge[None, :] > r[1:-1, None], axis=1)
    lateral = (np.arange(r.size - 2), np.arange(1, r.size - 1), 2 * np.pi * r[1:-1] * reach,
               *ring_distances(r))
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
