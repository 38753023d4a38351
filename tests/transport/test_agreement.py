"""The reduced unit-cell model agrees with the 3D reference patch (random channel positions)."""

import numpy as np
import pytest

from needlesim.transport import default_formulation, load_active
from needlesim.transport.areas import periodic_voronoi_areas
from needlesim.transport.model import channel_classes, make_setup, patch_solution, reduced_solution
from needlesim.transport.patch import PatchChannels

HOUR = 3600.0


@pytest.mark.slow
def test_reduced_model_within_5_percent_of_3d_patch(default_run, params):
    skin, _ = default_run
    rng = np.random.default_rng(2)
    count, density = 6, 500e4  # 500 channels per cm2
    side = np.sqrt(count / density)
    depth = 500e-6 * (1 + 0.1 * rng.standard_normal(count))
    channels = PatchChannels(rng.uniform(0, side, count), rng.uniform(0, side, count),
                             np.full(count, 50e-6), depth, np.full(count, 6 * HOUR), side)
    active = load_active("caffeine", params)
    setup = make_setup(skin, active, default_formulation(active, params).with_(dose_volume_m3_per_m2=None),
                       params, deepest_channel_m=depth.max())
    areas = periodic_voronoi_areas(channels.x_m, channels.y_m, side)
    classes = channel_classes(depth, channels.mouth_radius_m, channels.half_life_s, 3, area_m2=areas)
    reduced = reduced_solution(setup, classes, density)
    reference = patch_solution(setup, channels, cells=32)
    for hours in (1, 6, 24):
        i = int(np.argmin(np.abs(reduced.times_s - hours * HOUR)))
        ratio = reduced.entered_below(skin.dej_depth_m)[i] / reference.entered_below(skin.dej_depth_m)[i]
        assert abs(ratio - 1) < 0.05, (hours, ratio)
    assert np.abs(reference.balance_error_kg()).max() < 1e-6 * reference.skin_kg[-1]
