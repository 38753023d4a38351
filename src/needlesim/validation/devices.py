"""Targets on puncture fields (device geometry and motion)."""

from __future__ import annotations

from needlesim.parameters import default_parameters
from needlesim.validation.experiments import one_session
from needlesim.validation.registry import computes


@computes("roller_density_per_pass")
def roller_density_per_pass() -> float:
    return one_session("roller", 1.0, passes=1, area_cm2=100).field.density_per_cm2


@computes("roller_density_15_passes")
def roller_density_15_passes() -> float:
    return one_session("roller", 1.0, passes=15, area_cm2=25).field.density_per_cm2


@computes("pen_density_formula")
def pen_density_formula() -> float:
    params = default_parameters()
    run = one_session("pen", 1.0, passes=1, area_cm2=25, params=params)
    device = run.device
    speed = params.get("pen_glide_speed")
    expected_per_m2 = device.needles * device.stroke_frequency_hz / (speed * device.swept_width_m)
    return run.field.density_per_cm2 / (expected_per_m2 * 1e-4)
