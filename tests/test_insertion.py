import numpy as np
import pytest

from needlesim.insertion.mechanics import engaged_needles, roller_length_share
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


def test_roller_depth_grows_with_pressure_and_with_the_needle():
    light = depth_um("roller", 1.5, pressure="light")
    firm = depth_um("roller", 1.5, pressure="firm")
    assert firm > light
    depths = [depth_um("roller", length) for length in (0.5, 1.0, 1.5, 2.0)]
    assert all(b > a for a, b in zip(depths, depths[1:], strict=False))
    assert depths[-1] >= 2 * depths[0]


def test_short_needles_may_not_pierce():
    params = ParameterSet()
    run = one_session("home_roller", 0.2, params=params)
    # tenting before puncture (about 150 um) eats most of a 0.2 mm needle
    assert run.channels.depth_mean_m < 0.1e-3
    assert run.channels.pierce_fraction <= 1.0


def test_roller_channel_is_the_pressed_share_of_the_needle():
    params = ParameterSet()
    run = one_session("dermaroller_770um", 0.77, params=params)
    share = roller_length_share("moderate", params)
    force = params.get("hand_force_moderate")
    assert share == pytest.approx(force / (force + params.get("roller_half_share_force")))
    # the depth scatter (depth_cv) has mean one: the mean depth is the share of the length
    assert run.channels.depth_mean_m == pytest.approx(share * run.device.needle.length_m, rel=0.03)


def test_roller_pierces_only_when_the_shared_force_beats_the_puncture_force():
    params = ParameterSet()
    run = one_session("dermaroller_770um", 0.77, params=params)
    engaged = engaged_needles(run.device, run.channels.depth_mean_m)
    assert 1.0 <= engaged < run.device.needles
    weak = ParameterSet({"hand_force_moderate": 1e-4})
    assert one_session("dermaroller_770um", 0.77, params=weak).channels.pierce_fraction == 0.0


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
