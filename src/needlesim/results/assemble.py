"""Reduce the session runs into xarray datasets and the summary sections they fill."""

from __future__ import annotations

import numpy as np
import xarray as xr

from needlesim.constants import CM2_M2, HOUR_S, MINUTE_S, MM_M, UM_M
from needlesim.parameters import ParameterSet
from needlesim.results.results import Results
from needlesim.scenario import Scenario
from needlesim.skin import LAYERS, Skin

BARRIER_TIMES_H = np.concatenate([[0.0], np.geomspace(0.05, 336.0, 120)])
DEPTH_BIN_EDGES_M = np.linspace(0.0, 3.0e-3, 121)
PATCH_POINTS = 3000  # the map's patch is sized to show about this many punctures
PATCH_SIZE_RANGE_M = (2.0e-3, 1.0e-2)
PATCH_MAX_POINTS = 50_000


def skin_dataset(skin: Skin) -> xr.Dataset:
    thickness = np.array([skin.thickness_m[name] for name in LAYERS])
    bottom = np.cumsum(thickness)
    return xr.Dataset(
        {
            "thickness_m": ("layer", thickness, {"units": "m", "long_name": "Layer thickness [m]"}),
            "top_m": ("layer", bottom - thickness, {"units": "m", "long_name": "Depth of layer top [m]"}),
            "bottom_m": ("layer", bottom, {"units": "m", "long_name": "Depth of layer bottom [m]"}),
        },
        coords={"layer": list(LAYERS)},
        attrs={
            "site": skin.site,
            "sex": skin.sex,
            "age_years": skin.age_years,
            "fitzpatrick": skin.fitzpatrick,
            "capillary_loop_depth_m": skin.capillary_loop_depth_m,
            "subpapillary_plexus_depth_m": skin.subpapillary_plexus_depth_m,
            "collagen_relative": skin.collagen_relative,
            "elastin_relative": skin.elastin_relative,
            "condition": skin.condition.name,
            "bone_backing": int(skin.bone_backing),
        },
    )


def _median_s(half_lives) -> float:
    return float(np.median(half_lives)) if half_lives is not None and half_lives.size else 0.0


def phase_half_lives_s(closure, occluded: bool) -> tuple[float, float, float]:
    """(uncovered, occluded, occlusion) of a session's closure [s]: the median channel
    half-life without a dressing, the median under it (NaN without one) and how long the
    dressing stays on (0 without one). ChannelState keeps the first phase in
    ``half_life_s`` and the uncovered one after ``switch_s`` in ``late_half_life_s``."""
    if not occluded:
        return _median_s(closure.half_life_s), float("nan"), 0.0
    late = closure.late_half_life_s if closure.late_half_life_s is not None else closure.half_life_s
    return _median_s(late), _median_s(closure.half_life_s), float(closure.switch_s)


def session_row(run) -> dict:
    channels, closure, field = run.channels, run.closure, run.field
    depth = channels.depth_m[channels.pierced]
    uniformity = field.uniformity()
    uncovered_s, occluded_s, occlusion_s = phase_half_lives_s(closure, run.session.occluded)
    return {
        "day": run.session.day,
        "device": run.device.name,
        "needle_length_m": run.session.needle_length_m,
        "passes": run.session.passes,
        "occluded": int(run.session.occluded),
        "treated_area_m2": field.area_m2,
        "punctures": field.count,
        "puncture_density_per_cm2": field.density_per_cm2,
        "channel_density_per_cm2": channels.density_per_cm2,
        "pierce_fraction": channels.pierce_fraction,
        "depth_mean_m": channels.depth_mean_m,
        "depth_sd_m": float(depth.std()) if depth.size else 0.0,
        "surface_diameter_mean_m": channels.surface_diameter_mean_m,
        "fraction_reaching_dermis": channels.fraction_reaching_dermis,
        "bleeding_points_per_cm2": channels.bleeding_points_per_cm2,
        "bleeding": int(channels.bleeding),
        "tenting_m": channels.tenting_m,
        "cut_volume_m3_per_m2": channels.cut_volume_m3_per_m2(),
        "closure_half_life_s": closure.median_half_life_s,
        "closure_half_life_uncovered_s": uncovered_s,
        "closure_half_life_occluded_s": occluded_s,
        "occlusion_s": occlusion_s,
        "barrier_recovery_s": closure.recovery_s(),
        "coverage_cv": uniformity["cv"],
        "coverage_poisson_cv": uniformity["poisson_cv"],
        "overlap_fraction": field.overlap_fraction(channels.surface_diameter_mean_m),
        "session_duration_s": field.duration_s,
    }


UNITS = {"_m": "m", "_s": "s", "_m2": "m2", "_per_cm2": "1/cm2", "_m3_per_m2": "m3/m2"}


def _units(name: str) -> str:
    for suffix in sorted(UNITS, key=len, reverse=True):
        if name.endswith(suffix):
            return UNITS[suffix]
    return "1"


def sessions_dataset(runs) -> xr.Dataset:
    rows = [session_row(run) for run in runs]
    numbers = [run.session.number for run in runs]
    data = {
        key: ("session", [row[key] for row in rows], {"units": _units(key)}) for key in rows[0]
    }
    shares = np.array([[run.channels.layer_shares()[name] for name in LAYERS] for run in runs])
    data["layer_reached_share"] = (("session", "layer"), shares, {"units": "1"})
    return xr.Dataset(data, coords={"session": numbers, "layer": list(LAYERS)})


def channel_depth_dataset(runs) -> xr.Dataset:
    counts = []
    for run in runs:
        depth = run.channels.depth_m[run.channels.pierced]
        hist, _ = np.histogram(depth, bins=DEPTH_BIN_EDGES_M)
        counts.append(hist / (run.field.area_m2 / CM2_M2))
    centres = 0.5 * (DEPTH_BIN_EDGES_M[1:] + DEPTH_BIN_EDGES_M[:-1])
    return xr.Dataset(
        {"channels_per_cm2": (("session", "depth_m"), np.array(counts), {"units": "1/cm2"})},
        coords={
            "session": [run.session.number for run in runs],
            "depth_m": ("depth_m", centres, {"units": "m", "long_name": "Channel depth [m]"}),
        },
    )


def barrier_dataset(runs) -> xr.Dataset:
    t = BARRIER_TIMES_H * HOUR_S
    resealed = np.array([run.closure.barrier_resealed_fraction(t) for run in runs])
    water = np.array([run.closure.water_loss_ratio(t) for run in runs])
    return xr.Dataset(
        {
            "barrier_resealed_fraction": (("session", "time_h"), resealed, {"units": "1"}),
            "water_loss_ratio": (("session", "time_h"), water, {"units": "1",
                                 "long_name": "Water loss relative to intact skin (proxy)"}),
        },
        coords={
            "session": [run.session.number for run in runs],
            "time_h": ("time_h", BARRIER_TIMES_H, {"units": "h",
                       "long_name": "Time after the end of the session [h]"}),
        },
    )


def punctures_dataset(run) -> xr.Dataset:
    """The first session's punctures in a central patch (for the puncture map)."""
    field, channels = run.field, run.channels
    density = max(field.count / field.area_m2, 1.0)
    size = min(float(np.clip(np.sqrt(PATCH_POINTS / density), *PATCH_SIZE_RANGE_M)), field.side_m)
    mask = field.patch_mask(size)
    index = np.flatnonzero(mask)[:PATCH_MAX_POINTS]
    low = (field.side_m - size) / 2
    return xr.Dataset(
        {
            "x_m": ("puncture", field.x_m[index] - low, {"units": "m"}),
            "y_m": ("puncture", field.y_m[index] - low, {"units": "m"}),
            "t_s": ("puncture", field.t_s[index], {"units": "s"}),
            "pass_index": ("puncture", field.pass_index[index]),
            "pierced": ("puncture", channels.pierced[index].astype(np.int8)),
            "depth_m": ("puncture", channels.depth_m[index], {"units": "m"}),
            "surface_diameter_m": ("puncture", channels.surface_diameter_m[index], {"units": "m"}),
        },
        attrs={"patch_size_m": size, "session": run.session.number,
               "complete": int(mask.sum() <= PATCH_MAX_POINTS)},
    )


def channel_summary(first, sessions: xr.Dataset) -> tuple[dict, dict, dict]:
    selected = sessions.sel(session=first.session.number)
    return summary_of_row({name: selected[name].values.item() for name in selected.data_vars
                           if selected[name].ndim == 0})


def summary_of_row(row: dict) -> tuple[dict, dict, dict]:
    """The channels, barrier and session summary sections from the first session's
    ``session_row`` (the cohort batch calls this with ``session_row(run)`` and builds no
    dataset)."""
    channels = {
        "density_per_cm2": float(row["channel_density_per_cm2"]),
        "depth_um_mean": float(row["depth_mean_m"]) / UM_M,
        "surface_diameter_um_mean": float(row["surface_diameter_mean_m"]) / UM_M,
        "fraction_reaching_dermis": float(row["fraction_reaching_dermis"]),
        "bleeding": bool(row["bleeding"]),
        "bleeding_points_per_cm2": float(row["bleeding_points_per_cm2"]),
        "pierce_fraction": float(row["pierce_fraction"]),
        "punctures_per_cm2": float(row["puncture_density_per_cm2"]),
        "device": str(row["device"]),
        "needle_length_mm": float(row["needle_length_m"]) / MM_M,
    }
    # each half-life names its phase, so that a slow half-life under the dressing beside a
    # shorter recovery (the channels close faster once the dressing is off) reads as it is
    barrier = {
        "recovery_h": float(row["barrier_recovery_s"]) / HOUR_S,
        "closure_half_life_uncovered_h": float(row["closure_half_life_uncovered_s"]) / HOUR_S,
        "occlusion_hours": float(row["occlusion_s"]) / HOUR_S,
    }
    if bool(row["occluded"]):
        barrier["closure_half_life_occluded_h"] = float(row["closure_half_life_occluded_s"]) / HOUR_S
    # the needling alone: strokes over the treated area, pass after pass, without pauses
    session = {"duration_min": float(row["session_duration_s"]) / MINUTE_S}
    return channels, barrier, session


def assemble_results(scenario: Scenario, skin: Skin, runs, params: ParameterSet) -> Results:
    sessions = sessions_dataset(runs)
    datasets = {
        "skin": skin_dataset(skin),
        "sessions": sessions,
        "channel_depth": channel_depth_dataset(runs),
        "barrier": barrier_dataset(runs),
        "punctures": punctures_dataset(runs[0]),
    }
    channels, barrier, session = channel_summary(runs[0], sessions)
    return Results(
        scenario=scenario,
        parameter_set=params.name,
        citations=params.citations(),
        datasets=datasets,
        summary_sections={"channels": channels, "barrier": barrier, "session": session},
    )
