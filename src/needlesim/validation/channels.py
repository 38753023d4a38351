"""Targets on channel closure and barrier recovery."""

from __future__ import annotations

from needlesim.constants import HOUR_S
from needlesim.validation.experiments import one_session
from needlesim.validation.registry import computes


@computes("barrier_recovery_roller_770_uncovered")
def barrier_recovery_roller_770_uncovered(params=None) -> float:
    run = one_session("dermaroller_770um", 0.77, age_years=25, occluded=False, params=params)
    return run.closure.recovery_s() / HOUR_S


@computes("facial_barrier_recovery_0p25mm")
def facial_barrier_recovery_0p25mm(params=None) -> float:
    run = one_session("home_roller", 0.25, site="cheek", age_years=35, fitzpatrick=3,
                      passes=10, occluded=False, params=params)
    return run.closure.recovery_s() / HOUR_S
