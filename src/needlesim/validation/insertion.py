"""Targets on insertion: channel depth and opening."""

from __future__ import annotations

from needlesim.constants import MM_M, UM_M
from needlesim.validation.experiments import one_session
from needlesim.validation.registry import computes


def roller_770(params=None):
    return one_session("dermaroller_770um", 0.77, passes=1, params=params)


def pen_depth_ratio(length_mm: float, params=None) -> float:
    run = one_session("pen", length_mm, passes=1, area_cm2=1, params=params)
    return run.channels.depth_mean_m / (length_mm * MM_M)


@computes("roller_770_channel_depth")
def roller_770_channel_depth(params=None) -> float:
    return roller_770(params).channels.depth_mean_m / UM_M


@computes("roller_770_surface_diameter")
def roller_770_surface_diameter(params=None) -> float:
    return roller_770(params).channels.surface_diameter_mean_m / UM_M


@computes("pen_depth_ratio_0p5mm")
def pen_depth_ratio_0p5mm(params=None) -> float:
    return pen_depth_ratio(0.5, params)


@computes("pen_depth_ratio_1p5mm")
def pen_depth_ratio_1p5mm(params=None) -> float:
    return pen_depth_ratio(1.5, params)
