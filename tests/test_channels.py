import numpy as np
import pytest

from needlesim.channels.closure import LN2, ChannelState
from needlesim.validation.experiments import one_session

HOUR = 3600.0


def test_single_population_recovers_in_log2_of_ten_half_lives():
    state = ChannelState(
        half_life_s=np.full(10, 2 * HOUR), opening_area_m2=np.full(10, 1e-9), area_m2=1e-4,
        recovered_fraction=0.9, free_water_ratio=20,
    )
    assert state.recovery_s() == pytest.approx(2 * HOUR * np.log2(10), abs=2.0)
    assert state.open_fraction([0.0, 2 * HOUR])[1] == pytest.approx(0.5)
    assert state.water_loss_ratio([0.0])[0] == pytest.approx(1 + 19 * -np.expm1(-1e-8 / 1e-4))
    crowded = ChannelState(np.full(10, HOUR), np.full(10, 1e-4), 1e-4, 0.9, 20)
    assert crowded.open_area_fraction([0.0])[0] == pytest.approx(1 - np.exp(-10))


def test_mixture_open_fraction_is_the_area_weighted_sum():
    half = np.array([1.0, 10.0]) * HOUR
    area = np.array([1.0, 3.0]) * 1e-9
    state = ChannelState(half, area, 1e-4, 0.9, 20)
    t = 5 * HOUR
    expected = (1 * np.exp(-LN2 * 5) + 3 * np.exp(-LN2 * 0.5)) / 4
    assert state.open_fraction([t])[0] == pytest.approx(expected)


def half_life_h(**kw):
    return one_session("pen", kw.pop("length", 1.0), area_cm2=1, **kw).closure.median_half_life_s / HOUR


def test_occlusion_slows_closure_by_an_order_of_magnitude():
    assert half_life_h(occluded=True) / half_life_h(occluded=False) > 10


def test_dressing_holds_channels_open_only_while_it_stays_on():
    state = ChannelState(
        half_life_s=np.full(3, 20 * HOUR), late_half_life_s=np.full(3, 1 * HOUR),
        switch_s=24 * HOUR, opening_area_m2=np.full(3, 1e-9), area_m2=1e-4,
        recovered_fraction=0.9, free_water_ratio=20,
    )
    open_at_switch = 2 ** (-24 / 20)
    assert state.open_fraction([24 * HOUR])[0] == pytest.approx(open_at_switch)
    assert state.open_fraction([25 * HOUR])[0] == pytest.approx(open_at_switch / 2)
    # back to 90 %: the open share must fall from open_at_switch to 0.1 at the fast rate
    expected = 24 * HOUR + HOUR * np.log2(open_at_switch / 0.1)
    assert state.recovery_s() == pytest.approx(expected, abs=2.0)


def test_closure_modifiers_point_the_right_way():
    assert half_life_h(length=2.0) > half_life_h(length=0.25)  # wider mouth past the cone
    assert half_life_h(age_years=70) > half_life_h(age_years=30)
    assert half_life_h(fitzpatrick=6) > half_life_h(fitzpatrick=2)


def test_anti_inflammatory_prolongs_channels():
    from needlesim.channels.closure import half_life_s
    from needlesim.parameters import ParameterSet

    params = ParameterSet()
    run = one_session("pen", 1.0, area_cm2=1, params=params)
    session = run.session
    import dataclasses

    with_nsaid = dataclasses.replace(session, anti_inflammatory=True)
    diameter, depth = np.array([100e-6]), np.array([300e-6])
    ratio = half_life_s(diameter, depth, False, with_nsaid, "cheek", 40, 3, params) / half_life_s(
        diameter, depth, False, session, "cheek", 40, 3, params)
    assert ratio[0] == pytest.approx(params.get("closure_nsaid_factor"))


def test_deeper_pen_sessions_take_longer_to_recover():
    # Sasaki 2019: water loss highest and longest after 1.5 mm, near baseline after 0.5 mm
    short = one_session("pen", 0.5, site="cheek", area_cm2=1).closure.recovery_s()
    deep = one_session("pen", 1.5, site="cheek", area_cm2=1).closure.recovery_s()
    assert deep > 1.2 * short


@pytest.mark.parametrize(("late_spread", "tolerance"), [(0.0, 2e-5), (0.6, 5e-4)])
def test_rate_groups_match_the_exact_sum_over_every_channel(late_spread, tolerance):
    # late_spread 0: late rates proportional to early ones, as the closure model makes them
    rng = np.random.default_rng(0)
    n = 50_000
    early = HOUR * rng.lognormal(1.0, 0.6, n)
    late = early / 17.5 * rng.lognormal(0.0, late_spread, n) if late_spread else early / 17.5
    state = ChannelState(
        half_life_s=early, late_half_life_s=late, switch_s=6 * HOUR,
        opening_area_m2=1e-9 * rng.lognormal(0, 0.3, n), area_m2=1e-4,
        recovered_fraction=0.9, free_water_ratio=20,
    )
    t = np.array([0.0, 0.5, 3.0, 6.0, 6.5, 12.0, 48.0]) * HOUR
    weights = state.opening_area_m2 / state.opening_area_m2.sum()
    exact = state.open_fraction_each(t) @ weights
    np.testing.assert_allclose(state.open_fraction(t), exact, atol=tolerance)
