import dataclasses
import time

import numpy as np
import pytest

from needlesim.devices import build_device, simulate_passes
from needlesim.parameters import ParameterSet
from needlesim.scenario import build_scenario, session_plan


def session(scenario_dict, **changes):
    scenario_dict = {**scenario_dict, "protocol": {**scenario_dict["protocol"], **changes}}
    return session_plan(build_scenario(scenario_dict).protocol)[0]


def field(scenario_dict, device, length_mm, area_cm2=25.0, seed=1, **changes):
    params = ParameterSet()
    s = session(scenario_dict, device=device, needle_length_mm=length_mm, **changes)
    return simulate_passes(build_device(device, length_mm * 1e-3, params), s, area_cm2 * 1e-4,
                           params, np.random.default_rng(seed))


def test_roller_density_per_pass_follows_the_drum(scenario_dict):
    f = field(scenario_dict, "roller", 1.0, area_cm2=100, passes=1)
    geometric = 192 / (np.pi * 2.0 * 2.0)  # needles / drum surface in cm2
    assert f.density_per_cm2 == pytest.approx(geometric, rel=0.05)


def test_density_grows_with_passes(scenario_dict):
    one = field(scenario_dict, "roller", 1.0, passes=1).density_per_cm2
    four = field(scenario_dict, "roller", 1.0, passes=4).density_per_cm2
    assert four == pytest.approx(4 * one, rel=0.05)


@pytest.mark.parametrize("speed_cm_s", [1.0, 3.0, 6.0])
def test_pen_density_is_needles_times_frequency_over_speed_times_width(scenario_dict, speed_cm_s):
    f = field(scenario_dict, "pen", 1.0, passes=1, glide_speed_cm_s=speed_cm_s)
    device = f.device
    expected = device.needles * device.stroke_frequency_hz / (speed_cm_s * device.swept_width_m * 100)
    assert f.density_per_cm2 == pytest.approx(expected, rel=0.03)


def test_overlap_raises_density(scenario_dict):
    # strokes overlap sideways for every device; a stamp's landings also overlap along the stroke
    for device, factor in (("pen", 2), ("stamp", 4)):
        plain = field(scenario_dict, device, 1.0, passes=1).density_per_cm2
        overlapped = field(scenario_dict, device, 1.0, passes=1, overlap_fraction=0.5).density_per_cm2
        assert overlapped == pytest.approx(factor * plain, rel=0.1)


def test_punctures_lie_inside_the_area_and_time_runs_forward(scenario_dict):
    f = field(scenario_dict, "pen", 1.0, passes=3)
    assert f.x_m.min() >= 0 and f.x_m.max() < f.side_m
    assert f.y_m.min() >= 0 and f.y_m.max() < f.side_m
    assert np.all(np.diff(f.t_s[f.pass_index == 0]) >= -1e-12) or f.t_s.min() >= 0
    assert set(np.unique(f.pass_index)) == {0, 1, 2}


def test_coverage_is_near_random_for_a_pen(scenario_dict):
    stats = field(scenario_dict, "pen", 1.0, passes=4).uniformity()
    assert stats["cv"] < 2 * stats["poisson_cv"]
    assert stats["empty_cell_fraction"] < 0.01


def test_roller_entry_angle(scenario_dict):
    f = field(scenario_dict, "roller", 1.5, passes=1)
    assert f.angle_rad.max() == pytest.approx(np.arccos(10 / 11.5))


def test_same_seed_same_field_other_seed_other_field(scenario_dict):
    a = field(scenario_dict, "pen", 1.0, seed=5)
    b = field(scenario_dict, "pen", 1.0, seed=5)
    c = field(scenario_dict, "pen", 1.0, seed=6)
    for name in ("x_m", "y_m", "t_s", "angle_rad"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.x_m, c.x_m)


def test_full_face_at_clinical_density_takes_seconds(scenario_dict):
    # 300 cm2, 4 pen passes: about a million punctures. Loose bound: it catches an
    # accidental Python loop over punctures (minutes), not small slow-downs.
    start = time.perf_counter()
    f = field(scenario_dict, "pen", 1.5, area_cm2=300, passes=4)
    elapsed = time.perf_counter() - start
    assert f.density_per_cm2 > 500
    assert f.count > 500_000
    assert elapsed < 20


def test_device_catalogue_geometry():
    params = ParameterSet()
    roller = build_device("roller", 1.5e-3, params)
    assert roller.needles == 192 and roller.needles_per_ring == 24
    pen = build_device("pen", 1.0e-3, params)
    layout = pen.head_layout_m()
    assert layout.shape == (pen.needles, 2)
    assert np.all(np.hypot(*layout.T) <= pen.head_diameter_m / 2)
    assert dataclasses.replace(pen.needle, length_m=2e-3).length_m == 2e-3
