"""The reduced unit-cell model agrees with the 3D reference patch (random channel positions)."""

import numpy as np
import pytest

from needlesim.constants import HOUR_S
from needlesim.prepare import run_session
from needlesim.scenario import build_scenario, session_plan
from needlesim.skin import build_skin
from needlesim.transport import default_formulation, load_active
from needlesim.transport.delivery import session_channels
from needlesim.transport.geometry.areas import periodic_voronoi_areas
from needlesim.transport.geometry.overlaps import open_share
from needlesim.transport.geometry.owned_cells import periodic_cells
from needlesim.transport.geometry.patch import PatchChannels, patch_from_field
from needlesim.transport.resolutions import channel_classes, make_setup, patch_solution, reduced_solution


@pytest.mark.slow
def test_reduced_model_within_5_percent_of_3d_patch(default_run, params):
    skin, _ = default_run
    rng = np.random.default_rng(2)
    count, density = 6, 500e4  # 500 channels per cm2
    side = np.sqrt(count / density)
    depth = 500e-6 * (1 + 0.1 * rng.standard_normal(count))
    channels = PatchChannels(rng.uniform(0, side, count), rng.uniform(0, side, count),
                             np.full(count, 50e-6), depth, np.full(count, 6 * HOUR_S), side)
    active = load_active("caffeine", params)
    setup = make_setup(skin, active, default_formulation(active, params).with_(dose_volume_m3_per_m2=None),
                       params, deepest_channel_m=depth.max())
    areas = periodic_voronoi_areas(channels.x_m, channels.y_m, side)
    shares = open_share(channels.x_m, channels.y_m, channels.mouth_radius_m, depth, setup.taper, side_m=side)
    owned = periodic_cells(channels.x_m, channels.y_m, side, areas)
    classes = channel_classes(depth, channels.mouth_radius_m, channels.half_life_s, 3, area_m2=areas,
                              open_share=shares, owned=owned)
    reduced = reduced_solution(setup, classes, density)
    reference = patch_solution(setup, channels, cells=32)
    for hours in (1, 6, 24):
        i = int(np.argmin(np.abs(reduced.times_s - hours * HOUR_S)))
        ratio = reduced.entered_below(skin.dej_depth_m)[i] / reference.entered_below(skin.dej_depth_m)[i]
        assert abs(ratio - 1) < 0.05, (hours, ratio)
    assert np.abs(reference.balance_error_kg()).max() < 1e-6 * reference.skin_kg[-1]


@pytest.mark.slow
def test_reduced_model_within_5_percent_on_a_dense_pen_field(params):
    """A 70 kDa dextran through a patch cut from a real pen field (1 mm, 4 passes: about
    3,400 channels per cm2 whose 105 um mouths overlap). Without the overlap sharing
    (transport/geometry/overlaps.py) the reduced model is 13 % high at 1 h on this case."""
    scenario = build_scenario({
        "seed": 1, "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                     "passes": 4, "area_cm2": 4}}, params)
    skin = build_skin(scenario.patient, params)
    run = run_session(session_plan(scenario.protocol)[0], skin, 1, params)
    _, _, early, late, switch = session_channels(run.channels, run.closure)
    patch = patch_from_field(run.channels, early, late, 16)
    active = load_active("fitc_dextran_70kda", params)
    setup = make_setup(skin, active, default_formulation(active, params).with_(dose_volume_m3_per_m2=None),
                       params, deepest_channel_m=patch.depth_m.max())
    areas = periodic_voronoi_areas(patch.x_m, patch.y_m, patch.side_m)
    shares = open_share(patch.x_m, patch.y_m, patch.mouth_radius_m, patch.depth_m, setup.taper,
                        side_m=patch.side_m)
    density = patch.count / patch.side_m**2

    def reduced(share):
        classes = channel_classes(patch.depth_m, patch.mouth_radius_m, patch.half_life_s, 3,
                                  patch.late_half_life_s, area_m2=areas, open_share=share,
                                  owned=periodic_cells(patch.x_m, patch.y_m, patch.side_m, areas))
        return reduced_solution(setup, classes, density, switch_s=switch)

    reference = patch_solution(setup, patch, cells=32, switch_s=switch)
    shared, unshared = reduced(shares), reduced(None)
    for hours in (1, 6, 24):
        ratio = _ratio(shared, reference, skin, hours)
        assert abs(ratio - 1) < 0.05, (hours, ratio)
    assert _ratio(unshared, reference, skin, 1) > 1.05  # the case tells the two models apart


def _ratio(solution, reference, skin, hours):
    i = int(np.argmin(np.abs(solution.times_s - hours * HOUR_S)))
    j = int(np.argmin(np.abs(reference.times_s - hours * HOUR_S)))
    return solution.entered_below(skin.dej_depth_m)[i] / reference.entered_below(skin.dej_depth_m)[j]
