"""90 % intervals over the stored calibration ensemble (``needlesim.healing.ensemble``).

Each member is a posterior draw of the joint calibration and stands for one patient with
its own response ``z`` (``outcomes/variability.py``, drawn with a fixed seed), so the
interval is where this
patient's outcome falls given what the calibration leaves uncertain and how much patients
differ. The cascade's rates of all members are integrated as one vectorised batch; the
clinical maps are then applied with each member's own map parameters.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from needlesim.healing.cascade import FOLLOW_UP_DAYS
from needlesim.healing.ensemble import load_ensemble
from needlesim.healing.rates import CASCADE_PARAMETERS
from needlesim.outcomes.clinical import clinical_changes
from needlesim.outcomes.downtime import redness_index
from needlesim.outcomes.endpoints import evaluate, patient_age_years
from needlesim.outcomes.pigment import pigment_changes
from needlesim.outcomes.summary import applicable_keys, day_summary
from needlesim.outcomes.variability import patient_values
from needlesim.parameters import ParameterSet

ENSEMBLE_MEMBERS = 100
PATIENT_SEED = 20261127  # the members' patient factors: the same interval on every run


def member_samples(params: ParameterSet, samples: dict) -> tuple[dict, list[ParameterSet]]:
    """The cascade's parameters of every member (arrays, with the patient factor applied)
    and each member's parameter set for the clinical maps."""
    members = len(next(iter(samples.values())))
    z = np.random.default_rng(PATIENT_SEED).standard_normal(members)
    overrides = params.overrides

    def value_of(name):
        if name in samples:
            return samples[name]
        return np.full(members, overrides.get(name, params.value(name).value))

    samples = {**samples, **patient_values(value_of, z)}
    cascade = {k: v for k, v in samples.items() if k in CASCADE_PARAMETERS}
    maps = {k: v for k, v in samples.items() if k not in CASCADE_PARAMETERS}
    member_params = [ParameterSet({**overrides, **{k: float(v[i]) for k, v in maps.items()}})
                     for i in range(members)]
    return cascade, member_params


def with_member_maps(series, member_params, scar_type, severity, skin=None, exposures=(),
                     striae_colour=None):
    """``series`` with its clinical endpoints recomputed with each member's map parameters;
    with ``skin``, the pigment readouts too (each member's patient factor scales them)."""
    columns = []
    ages = patient_age_years(series.run)
    states, times, session_days = series.run.states, series.times_day, list(series.run.doses.day)
    for i, p in enumerate(member_params):
        changes = {k: v[:, i:i + 1] for k, v in series.changes.items()}
        column = clinical_changes(changes, p, scar_type, severity, ages[:, i:i + 1],
                                  striae_colour=striae_colour)
        if skin is not None:
            own = states[:, :, i:i + 1]
            column.update(pigment_changes(times, own, redness_index(own, p), skin, exposures, p,
                                          session_days))
        columns.append(column)
    series.clinical = {k: np.concatenate([c[k] for c in columns], axis=1) for k in columns[0]}
    return series


BAND_KEYS = {"collagen_I": "collagen_I", "collagen_III": "collagen_III", "elastin": "elastin",
             "collagen_dermis": "collagen_dermis"}
BAND_STEP_DAYS = 7.0


def ensemble_intervals(params, skin, injuries, report_days, scar_type, severity, exposures=(),
                       striae_colour=None):
    """5-95 % intervals over the calibration ensemble: per report day for the summary, and
    weekly bands of the main tissue changes for the figures. All members are integrated
    at once as one vectorised batch (members on the patients axis)."""
    samples = load_ensemble()
    if not samples:
        return {}, None
    samples = {k: v[:ENSEMBLE_MEMBERS] for k, v in samples.items()}
    members = len(next(iter(samples.values())))
    cascade, member_params = member_samples(params, samples)
    end = max([*report_days, injuries[-1].day + FOLLOW_UP_DAYS])
    weekly = np.arange(0.0, end + 1e-9, BAND_STEP_DAYS)
    days = sorted(set(report_days) | set(weekly.tolist()))
    series = evaluate(params, skin, injuries, days, samples=cascade, daily=False,
                      fine_step_day=0.25, scar_type=scar_type, wrinkle_severity=severity,
                      exposures=exposures, striae_colour=striae_colour)
    series = with_member_maps(series, member_params, scar_type, severity, skin, exposures,
                              striae_colour)
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
               "meaning": "5-50-95 % over the calibration ensemble (healing/data/ensemble.csv),"
                          " each member a patient with its own response factor"},
    )
    return out, bands
