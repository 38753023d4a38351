"""The injury a session's channels leave: the rim volume against quadrature, overlaps
counted once, and the damage signal's ends."""

import tomllib

import numpy as np
import pytest
from scipy.integrate import quad

from needlesim.healing.injury import damage_signal, injured_fractions, zone_volume_between
from needlesim.parameters import ParameterSet
from needlesim.scenario import build_scenario, default_scenario_text
from needlesim.skin import build_skin

UM = 1e-6


def rim_volume(a, d, w, top, bottom):
    return (zone_volume_between(a, d, w, top, bottom) - zone_volume_between(a, d, 0.0, top, bottom))


@pytest.mark.parametrize(("top", "bottom"), [(0, 60), (60, 250), (250, 900), (900, 2000)])
def test_rim_volume_is_the_integral_of_the_ring_down_to_the_tip(top, bottom):
    a, d, w = 105 * UM, 1400 * UM, 15 * UM

    def ring(z):
        r = a * (1 - z / d)
        return np.pi * ((r + w) ** 2 - r**2)

    expected = quad(ring, top * UM, min(bottom * UM, d))[0] if top * UM < d else 0.0
    assert rim_volume(a, d, w, top * UM, bottom * UM) == pytest.approx(expected, rel=1e-9, abs=1e-30)


def test_a_vanishing_opening_leaves_a_cylinder_of_the_rim():
    d, w = 300 * UM, 15 * UM
    volume = zone_volume_between(1e-15, d, w, 0.0, 200 * UM)
    assert volume == pytest.approx(np.pi * w**2 * 200 * UM, rel=1e-6)


def test_a_channel_injures_nothing_below_its_tip():
    assert rim_volume(50 * UM, 200 * UM, 15 * UM, 250 * UM, 900 * UM) == 0.0


def test_overlapping_rims_count_once():


    params = ParameterSet()
    skin = build_skin(build_scenario(tomllib.loads(default_scenario_text())).patient, params)
    depth = np.full(400, 1400 * UM)
    diameter = np.full(400, 210 * UM)
    area = 1e-4
    one = injured_fractions(depth, diameter, area, skin, 15 * UM)
    two = injured_fractions(np.tile(depth, 2), np.tile(diameter, 2), area, skin, 15 * UM)
    np.testing.assert_allclose(1 - two, (1 - one) ** 2, rtol=1e-12)
    assert np.all((one > 0) & (one < 1))


def test_damage_signal_is_zero_without_injury_one_when_all_is_injured_and_rises():
    params = ParameterSet({"damage_spread_to_deeper": 0.0})
    np.testing.assert_allclose(damage_signal([0.0, 0.0, 0.0], params), 0.0)
    np.testing.assert_allclose(damage_signal([1.0, 1.0, 1.0], params), 1.0)
    values = [damage_signal([v, v, v], params)[1] for v in np.linspace(0, 1, 11)]
    steps = np.diff(values)
    assert np.all(steps > 0) and np.all(np.diff(steps) < 0)  # rising, with diminishing returns
