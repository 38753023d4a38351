"""Time series of a finished run for the dashboard's interactive charts, read from its
``results.nc``. Only reading, selecting and scaling to display units: no physics.

A chart is {name, title, x_label, y_label, series: [{name, x, y, low?, high?}], markers,
x_range?, x_log?}: ``low``/``high`` are the 5-95 % band of the calibration ensemble where
the run has one, ``markers`` the session days on a time axis in days, ``x_range`` the part
of the axis to open on (the rest is a zoom away).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from needlesim.constants import UM_M

DIGITS = 5  # significant digits sent: more than a chart can show, far fewer bytes
CASCADE_DAYS = 21.0  # redness opens on the first three weeks (zoom out for the rest)
MATRIX = (("collagen_I", "Collagen I"), ("collagen_III", "Collagen III"), ("elastin", "Elastin"))
QUALITY = (("dermal_density_change_pct", "Dermal density", 1.0),
           ("elasticity_r2_change_pct", "Elasticity (Cutometer R2)", 1.0),
           ("firmness_r0_change_pct", "Firmness (1/R0)", 1.0),
           ("pore_area_change_pct", "Pore area", 1.0),
           ("texture_change_pct", "Texture (micro-relief)", 1.0),
           ("epidermal_thickness_change", "Epidermal thickness", 100.0))


def _values(array, scale: float = 1.0) -> list[float | None]:
    """Numbers as JSON can carry them: rounded, a gap (null) where a value is not finite."""
    out = []
    for value in np.asarray(array, dtype=float).ravel() * scale:
        out.append(float(f"{value:.{DIGITS}g}") if math.isfinite(value) else None)
    return out


def _group(path: Path, name: str):
    import xarray as xr

    try:
        return xr.load_dataset(path, group=name, engine="h5netcdf")
    except OSError:  # a run without that stage (e.g. no serum: no delivery group)
        return None


def _per_session(dataset, variable: str, axis: str, scale: float = 1.0) -> list[dict]:
    x = _values(dataset[axis])
    return [{"name": f"session {int(s)}", "x": x,
             "y": _values(dataset[variable].sel(session=s), scale)}
            for s in dataset.session.values]


def _session_days(downtime) -> list[float]:
    return _values(downtime.session_day) if downtime is not None else [0.0]


def matrix_chart(healing, bands, markers) -> dict:
    series = []
    for key, label in MATRIX:
        if f"{key}_change" not in healing:
            continue
        line = {"name": label, "x": _values(healing.time_day),
                "y": _values(healing[f"{key}_change"], 100.0)}
        band = f"{key}_change_pct"
        if bands is not None and band in bands:
            line.update(band_x=_values(bands.time_day),
                        low=_values(bands[band].sel(quantile=0.05)),
                        high=_values(bands[band].sel(quantile=0.95)))
        series.append(line)
    return {"name": "collagen_elastin", "title": "Collagen and elastin against the same patient "
            "untreated", "x_label": "Days after session 1", "y_label": "Change [%]",
            "series": series, "markers": markers}


def quality_chart(healing, markers) -> dict:
    series = [{"name": label, "x": _values(healing.time_day), "y": _values(healing[key], scale)}
              for key, label, scale in QUALITY if key in healing]
    return {"name": "skin_quality", "title": "Skin quality against the same patient untreated",
            "x_label": "Days after session 1", "y_label": "Change [%]", "series": series,
            "markers": markers}


def redness_chart(healing, markers) -> dict:
    redness = healing.redness_index
    series = [{"name": "Redness", "x": _values(healing.time_day), "y": _values(redness)}]
    threshold = redness.attrs.get("threshold")
    return {"name": "redness", "title": "Visible redness (above the line: visible)",
            "x_label": "Days after session 1", "y_label": "Redness index [relative]",
            "series": series, "markers": markers,
            "threshold": float(threshold) if threshold is not None else None,
            "x_range": [0.0, min(float(healing.time_day[-1]), max(markers) + CASCADE_DAYS)]}


def barrier_chart(barrier) -> dict:
    # resealing spans minutes to days: a log time axis, as in the report's figure
    return {"name": "barrier", "title": "Skin barrier resealing after each session",
            "x_label": "Hours after the session", "y_label": "Barrier resealed [%]",
            "series": _per_session(barrier, "barrier_resealed_fraction", "time_h", 100.0),
            "markers": [], "x_log": True}


def delivery_chart(delivery) -> dict:
    active = delivery.attrs.get("active", "serum")
    series = _per_session(delivery, "dermis_ug_per_cm2", "time_h")
    if "intact_dermis_ug_per_cm2" in delivery:
        first = delivery.session.values[0]
        series.append({"name": "intact skin (no needling)", "x": _values(delivery.time_h),
                       "y": _values(delivery.intact_dermis_ug_per_cm2.sel(session=first))})
    return {"name": "delivery", "title": f"{active.replace('_', ' ')} reaching the dermis",
            "x_label": "Hours after the session", "y_label": "Amount in the dermis [µg/cm²]",
            "series": series, "markers": [], "x_log": True}


def depth_chart(channel_depth) -> dict:
    depth_um = channel_depth.depth_m.values / UM_M
    counts = channel_depth.channels_per_cm2.values
    reached = depth_um[(counts > 0).any(axis=0)]
    deepest = float(reached.max()) if reached.size else float(depth_um[-1])
    return {"name": "channel_depth", "title": "How deep the channels go",
            "x_label": "Channel depth [µm]", "y_label": "Channels per cm²",
            "series": [{**s, "x": _values(depth_um)}
                       for s in _per_session(channel_depth, "channels_per_cm2", "depth_m")],
            "markers": [], "x_range": [0.0, min(float(depth_um[-1]), 1.2 * deepest)]}


@lru_cache(maxsize=32)
def _charts(path: str, modified_ns: int) -> tuple[dict, ...]:
    nc = Path(path)
    healing, bands = _group(nc, "healing"), _group(nc, "healing_interval")
    markers = _session_days(_group(nc, "downtime"))
    charts = []
    if healing is not None:
        charts += [matrix_chart(healing, bands, markers), quality_chart(healing, markers)]
        if "redness_index" in healing:
            charts.append(redness_chart(healing, markers))
    for name, make in (("barrier", barrier_chart), ("delivery", delivery_chart),
                       ("channel_depth", depth_chart)):
        dataset = _group(nc, name)
        if dataset is not None:
            charts.append(make(dataset))
    return tuple(c for c in charts if c["series"])


def charts(results_nc: Path) -> list[dict]:
    """The charts a run's results hold, in the dashboard's order (cached per file version)."""
    return list(_charts(str(results_nc), results_nc.stat().st_mtime_ns))
