"""The sub-grid model of overlapping channels: each owns its share of the union, by depth."""

import numpy as np
import pytest

from needlesim.transport.geometry.overlaps import open_share

A = 50e-6  # mouth radius [m]
L = 500e-6  # depth [m]


def lens(a, d):
    """Area shared by two discs of radius a whose centres are d apart (d < 2a)."""
    return 2 * a * a * np.arccos(d / (2 * a)) - 0.5 * d * np.sqrt(4 * a * a - d * d)


def pair(d, side=None, x0=0.0):
    x = np.array([x0, x0 + d])
    if side is not None:
        x = np.mod(x, side)
    return open_share(x, np.zeros(2) + 1e-4, np.full(2, A), np.full(2, L), taper=1.0, side_m=side)


@pytest.mark.parametrize("d", [0.3 * A, 0.8 * A, 1.24 * A, 1.7 * A])
def test_two_mouths_share_the_lens_equally(d):
    shares = pair(d)
    expected = 1 - lens(A, d) / (2 * np.pi * A * A)
    assert shares.share[0] == pytest.approx([expected, expected], abs=0.02)


def test_same_hole_twice_owns_half_each_and_apart_owns_all():
    assert pair(0.0).share[0] == pytest.approx([0.5, 0.5], abs=1e-12)
    assert np.all(pair(2.01 * A).share == 1.0)


def test_cones_stop_overlapping_below_the_depth_their_radii_allow():
    d = A  # cones of radius A (1 - z / L) touch while 2 A (1 - z / L) > d, i.e. z < L / 2
    shares = pair(d)
    assert np.all(shares.share[shares.depth_m < 0.45 * L] < 1)
    assert np.all(shares.share[shares.depth_m > 0.5 * L] == 1)
    assert np.all(np.diff(shares.share[:, 0]) >= -1e-12)  # less shared deeper down


def test_periodic_patch_sees_neighbours_across_its_edge():
    side = 1e-3
    wrapped = pair(0.8 * A, side=side, x0=side - 0.3 * A)
    assert wrapped.share == pytest.approx(pair(0.8 * A).share, abs=1e-12)


def test_a_counted_subsample_gives_the_same_shares_for_the_channels_it_counts():
    rng = np.random.default_rng(4)
    n = 600
    x, y = rng.uniform(0, 2e-3, n), rng.uniform(0, 2e-3, n)
    radius, depth = np.full(n, A), rng.uniform(400e-6, 600e-6, n)
    full = open_share(x, y, radius, depth, 1.0)
    part = open_share(x, y, radius, depth, 1.0, counted=50)
    assert part.share.shape == (full.share.shape[0], 50)
    assert part.share == pytest.approx(full.share[:, part.counted], abs=1e-12)
    group = np.arange(300)  # a class: the mean over its counted members
    members = part.counted[part.counted < 300]
    weight = full.section_m2[:, members]  # cross-section-weighted
    expected = (full.share[:, members] * weight).sum(axis=1) / weight.sum(axis=1)
    assert part.mean(group) == pytest.approx(expected, abs=1e-12)
