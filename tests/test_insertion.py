import numpy as np
import pytest

from needlesim.insertion.mechanics import engaged_needles, force_limited_depth_m
from needlesim.parameters import ParameterSet
from needlesim.validation.experiments import one_session


def depth_um(device, length_mm, **kw):
    return one_session(device, length_mm, **kw).channels.depth_mean_m * 1e6


def test_roller_770_channel_matches_kalluri():
    run = one_session("dermaroller_770um", 0.77)
    assert run.channels.depth_mean_m * 1e6 == pytest.approx(152.5, abs=9.6)
    assert run.channels.surface_diameter_mean_m * 1e6 == pytest.approx(70.7, abs=9.9)


@pytest.mark.parametrize("length_mm", [0.5, 1.5])
def test_pen_channels_come_close_to_the_setting(length_mm):
    assert depth_um("pen", length_mm, area_cm2=1) / (length_mm * 1e3) > 0.85


def test_pen_goes_deeper_than_a_roller_of_the_same_length():
    assert depth_um("pen", 1.5, area_cm2=1) > 3 * depth_um("roller", 1.5)


def test_roller_depth_grows_with_pressure_and_saturates_with_length():
    light = depth_um("roller", 1.5, pressure="light")
    firm = depth_um("roller", 1.5, pressure="firm")
    assert firm > light
    # force-limited: doubling the needle length barely changes the depth
    assert depth_um("roller", 2.0) == pytest.approx(depth_um("roller", 1.0), rel=0.1)


def test_short_needles_may_not_pierce():
    params = ParameterSet()
    run = one_session("home_roller", 0.2, params=params)
    # tenting before puncture (about 150 um) eats most of a 0.2 mm needle
    assert run.channels.depth_mean_m < 0.1e-3
    assert run.channels.pierce_fraction <= 1.0


def test_force_balance_of_the_roller():
    params = ParameterSet()
    run = one_session("dermaroller_770um", 0.77, params=params)
    device = run.device
    depth = force_limited_depth_m(device, "moderate", params)
    resistance = params.get("roller_penetration_resistance")  # reference base diameter = 140 um
    assert params.get("hand_force_moderate") == pytest.approx(
        engaged_needles(device, depth) * resistance * depth, rel=1e-6
    )


def test_layers_reached_and_bleeding():
    shallow = one_session("pen", 0.25, site="cheek", area_cm2=1).channels
    deep = one_session("pen", 2.0, site="cheek", area_cm2=1).channels
    assert deep.fraction_reaching_dermis == 1.0
    assert deep.bleeding and deep.bleeding_points_per_cm2 > shallow.bleeding_points_per_cm2
    shares = deep.layer_shares()
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["stratum_corneum"] == 0.0


def test_bone_limits_depth_on_thin_sites():
    run = one_session("pen", 2.5, site="periorbital", area_cm2=1)
    assert np.all(run.channels.depth_m <= run.channels.skin.total_depth_m + 1e-12)


def test_channel_wall_follows_the_needle_cone():
    run = one_session("dermaroller_770um", 0.77)
    needle = run.device.needle
    assert needle.radius_at(0.0) == pytest.approx(4e-6)
    assert needle.radius_at(0.77e-3) == pytest.approx(70e-6)
