"""Sub-grid model of overlapping punctures: the open share of each channel against depth.

A pen of 1 mm at four passes leaves about 3,500 channels per cm2 with mouths of about
100 um radius, so nearly every channel overlaps a neighbour near the surface. A unit cell
per channel that keeps the whole mouth counts the shared parts twice: on such a field the
dermal amount of a 70 kDa dextran at 1 h comes out 13 % above the 3D patch, which resolves
the overlaps. Channels are cones, so they overlap most at the surface and not at all near
their tips. Each channel therefore owns, at every depth, the part of its cross-section it
shares with no one and an equal share of what it shares; its unit cell's channel radius
is scaled by the square root of that share (docs/transport.md, "Reduced against 3D").

The share is counted on a fixed pattern of points in each cross-section: a point covered
by k cross-sections counts 1/k to each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from needlesim.devices.neighbours import pairs_within
from needlesim.transport.geometry.column_mesh import channel_radius

SECTION_SAMPLES = 64  # points per cross-section (sunflower pattern, equal areas)
LEVELS = 8  # depths, from the surface to the deepest tip, at which shares are counted
COUNTED = 512  # channels whose shares are counted in a large window (classes take means)


@dataclass(frozen=True)
class OpenShare:
    depth_m: np.ndarray  # (levels,) depths of the counts
    share: np.ndarray  # (levels, counted) part of each counted channel's cross-section it owns
    section_m2: np.ndarray  # (levels, counted) the counted channels' cross-sections
    counted: np.ndarray | None = None  # indices of the counted channels (None: all)

    def mean(self, members: np.ndarray) -> np.ndarray:
        """Share of a group of channels at each level, weighted by their cross-sections:
        the mean over the group's counted channels (over all counted ones if none is)."""
        columns = members
        if self.counted is not None:
            columns = np.flatnonzero(np.isin(self.counted, members))
            columns = columns if columns.size else np.arange(self.counted.size)
        weight = self.section_m2[:, columns]
        weight = np.where(weight.sum(axis=1, keepdims=True) > 0, weight, 1.0)
        return (self.share[:, columns] * weight).sum(axis=1) / weight.sum(axis=1)


def _pattern(samples: int = SECTION_SAMPLES) -> np.ndarray:
    """(samples, 2) points spread evenly over the unit disc (sunflower), equal areas each."""
    k = np.arange(samples) + 0.5
    radius = np.sqrt(k / samples)
    angle = k * np.pi * (3 - np.sqrt(5))
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


@numba.njit(cache=True)
def _count_shares(radius, counted, start, neighbour, offset, pattern, out):  # pragma: no cover
    """out[level, a]: mean over the pattern's points in channel counted[a]'s cross-section
    of 1 / (number of cross-sections covering the point); neighbours of a are
    neighbour[start[a]:start[a + 1]] at ``offset`` (from a's centre). Only neighbours whose
    cross-section meets a's at that level are looked at (cones part with depth)."""
    touching = np.empty(start[-1] - start[0] if start.size else 0, np.int64)
    for a in range(counted.size):
        i = counted[a]
        for level in range(radius.shape[0]):
            own = radius[level, i]
            out[level, a] = 1.0
            if own <= 0.0:
                continue
            count = 0
            for p in range(start[a], start[a + 1]):
                reach = own + radius[level, neighbour[p]]
                if offset[p, 0] ** 2 + offset[p, 1] ** 2 < reach * reach:
                    touching[count] = p
                    count += 1
            if count == 0:
                continue
            total = 0.0
            for s in range(pattern.shape[0]):
                px = pattern[s, 0] * own
                py = pattern[s, 1] * own
                cover = 1.0
                for t in range(count):
                    p = touching[t]
                    other = radius[level, neighbour[p]]
                    dx = px - offset[p, 0]
                    dy = py - offset[p, 1]
                    if dx * dx + dy * dy < other * other:
                        cover += 1.0
                total += 1.0 / cover
            out[level, a] = total / pattern.shape[0]


def open_share(x_m: np.ndarray, y_m: np.ndarray, mouth_radius_m: np.ndarray, depth_m: np.ndarray,
               taper: float, of: np.ndarray | None = None, side_m: float | None = None,
               levels: int = LEVELS, counted: int | None = None) -> OpenShare:
    """Open share against depth of the channels ``of`` (indices; all by default) among all
    the given channels; with ``counted``, of an even subsample of at most that many of them.
    Positions are periodic in [0, side) when ``side_m`` is given."""
    n = x_m.size
    of = np.arange(n) if of is None else np.asarray(of)
    chosen = np.arange(of.size)
    if counted is not None and of.size > counted:
        chosen = np.unique(np.linspace(0, of.size - 1, counted).round().astype(int))
    z = np.linspace(0.0, float(depth_m.max()) if n else 0.0, levels + 1)[:-1]
    share = np.ones((levels, chosen.size))
    label = None if chosen.size == of.size else chosen
    mine = of[chosen]
    radius = channel_radius(z[:, None], mouth_radius_m[None, mine], depth_m[None, mine], taper)
    section = np.pi * radius**2
    if n < 2 or of.size == 0:
        return OpenShare(z, share, section, label)
    a, b, offset = pairs_within(x_m, y_m, mine, 2 * float(mouth_radius_m.max()), side_m)
    start = np.searchsorted(a, np.arange(mine.size + 1))
    radius = channel_radius(z[:, None], mouth_radius_m[None, :], depth_m[None, :], taper)  # (levels, n)
    _count_shares(np.ascontiguousarray(radius), mine, start, b, np.ascontiguousarray(offset),
                  _pattern(), share)
    return OpenShare(z, share, section, label)
