"""The compiled cell-list neighbour searches give what a k-d tree gives."""

import numpy as np
import pytest
from scipy.spatial import cKDTree

from needlesim.devices.neighbours import kth_distance, pairs_within


@pytest.mark.parametrize("n", [2, 7, 300, 3000])
def test_kth_distance_equals_the_kd_tree(n):
    rng = np.random.default_rng(n)
    x, y = rng.uniform(0, 3e-3, n), rng.uniform(0, 1e-3, n)  # a strip: cells are not square
    of = np.arange(0, n, 3)
    k = min(6, n - 1)
    expected = cKDTree(np.column_stack([x, y])).query(np.column_stack([x[of], y[of]]), k=k + 1)[0][:, -1]
    np.testing.assert_allclose(kth_distance(x, y, of, k), expected, rtol=1e-12)


def test_kth_distance_with_clustered_points():
    rng = np.random.default_rng(1)
    centres = rng.uniform(0, 5e-3, (40, 2))
    points = np.repeat(centres, 5, axis=0) + rng.normal(0, 2e-5, (200, 2))
    x, y = points[:, 0], points[:, 1]
    of = np.arange(200)
    expected = cKDTree(points).query(points, k=7)[0][:, -1]
    np.testing.assert_allclose(kth_distance(x, y, of, 6), expected, rtol=1e-12)


@pytest.mark.parametrize("side", [None, 1e-3])
def test_pairs_within_equal_the_kd_tree(side):
    rng = np.random.default_rng(5)
    n = 800 if side is None else 40
    extent = 4e-3 if side is None else side
    x, y = rng.uniform(0, extent, n), rng.uniform(0, extent, n)
    of = np.arange(1, n, 2)
    radius = 2.1e-4
    a, b, offset = pairs_within(x, y, of, radius, side)
    tree = cKDTree(np.column_stack([x, y]), boxsize=side)
    expected = {(q, int(m)) for q, p in enumerate(of)
                for m in tree.query_ball_point([x[p], y[p]], radius) if m != p}
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == expected
    assert np.all(np.diff(a) >= 0)
    d = np.hypot(offset[:, 0], offset[:, 1])
    assert np.all(d < radius)
    if side is None:
        np.testing.assert_allclose(offset[:, 0], x[b] - x[of[a]])
