"""90 % intervals over the stored calibration ensemble (``needlesim.healing.ensemble``)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from needlesim.healing.cascade import FOLLOW_UP_DAYS
from needlesim.healing.ensemble import load_ensemble
from needlesim.outcomes.endpoints import evaluate
from needlesim.outcomes.summary import applicable_keys, day_summary

ENSEMBLE_MEMBERS = 100
BAND_KEYS = {"collagen_I": "collagen_I", "collagen_III": "collagen_III", "elastin": "elastin",
             "collagen_dermis": "collagen_dermis"}
BAND_STEP_DAYS = 7.0


def ensemble_intervals(params, skin, injuries, report_days, scar_type, severity):
    """5-95 % intervals over the calibration ensemble: per report day for the summary, and
    weekly bands of the main tissue changes for the figures. All members are integrated
    at once as one vectorised batch (members on the patients axis)."""
    samples = load_ensemble()
    if not samples:
        return {}, None
    samples = {k: v[:ENSEMBLE_MEMBERS] for k, v in samples.items()}
    members = len(next(iter(samples.values())))
    end = max([*report_days, injuries[-1].day + FOLLOW_UP_DAYS])
    weekly = np.arange(0.0, end + 1e-9, BAND_STEP_DAYS)
    days = sorted(set(report_days) | set(weekly.tolist()))
    series = evaluate(params, skin, injuries, days, samples=samples, daily=False,
                      fine_step_day=0.25, scar_type=scar_type, wrinkle_severity=severity)
    out = {}
    for day in report_days:
        values = [day_summary(series, day, i, applicable_keys(skin)) for i in range(members)]
        out[str(int(day))] = {
            key: [float(np.percentile([m[key] for m in values], q)) for q in (5, 95)]
            for key in values[0]
        }
    rows = [int(np.argmin(np.abs(series.times_day - d))) for d in weekly]
    bands = xr.Dataset(
        {f"{name}_change_pct": (("quantile", "time_day"),
                                100 * np.percentile(series.changes[key][rows], [5, 50, 95], axis=1),
                                {"units": "%"})
         for name, key in BAND_KEYS.items()},
        coords={"quantile": [0.05, 0.5, 0.95],
                "time_day": ("time_day", weekly, {"units": "day"})},
        attrs={"ensemble_members": members,
               "meaning": "5-50-95 % over the calibration ensemble (healing/data/ensemble.csv)"},
    )
    return out, bands
