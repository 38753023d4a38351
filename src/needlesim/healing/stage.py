"""The healing-and-outcomes stage of the pipeline (registered in simulation.DOWNSTREAM_STAGES)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from needlesim.healing.dataset import downtime_dataset, healing_dataset
from needlesim.healing.series import FOLLOW_UP_DAYS, evaluate, injuries_of
from needlesim.outcomes.risks import risks
from needlesim.stages import StageOutput

SUMMARY_KEYS = {
    "collagen_I_change_pct": "collagen_I",
    "collagen_III_change_pct": "collagen_III",
    "collagen_VII_change_pct": "collagen_VII",
    "elastin_change_pct": "elastin",
    "tropoelastin_change_pct": "tropoelastin",
    "epidermal_thickness_change_pct": "epidermal_thickness",
}
CLINICAL_KEYS = ("dermal_density_change_pct", "elasticity_change_pct", "scar_score_change_pct",
                 "wrinkle_grade_change", "texture_change_pct")
ENSEMBLE_MEMBERS = 100


def _scar_type(skin) -> tuple[str, bool]:
    name = skin.condition.name
    if name.startswith("acne_scars_"):
        return name.removeprefix("acne_scars_"), True
    return "mixed", False


def _day_summary(series, day, patient=0) -> dict:
    out = {}
    for key, change in SUMMARY_KEYS.items():
        out[key] = 100 * float(series.at(day, change)[patient])
    for key in CLINICAL_KEYS:
        out[key] = float(series.at(day, key)[patient])
    return out


BAND_KEYS = {"collagen_I": "collagen_I", "collagen_III": "collagen_III", "elastin": "elastin",
             "collagen_dermis": "collagen_dermis"}
BAND_STEP_DAYS = 7.0


def ensemble_intervals(params, skin, injuries, report_days, scar_type, severity):
    """5-95 % intervals over the calibration ensemble: per report day for the summary, and
    weekly bands of the main tissue changes for the figures. All members are integrated
    at once as one vectorised batch (members on the patients axis)."""
    from needlesim.healing.calibrate import load_ensemble

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
        values = [_day_summary(series, day, i) for i in range(members)]
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


def series_summary(series, report_days, skin, sessions, params, injuries) -> dict:
    """The healing stage's summary section of one patient (patient 0 of ``series``), without
    the ensemble intervals. Shared with the cohort batch (healing/batch.py)."""
    scarred = _scar_type(skin)[1]
    at_day = {}
    for day in report_days:
        values = _day_summary(series, day)
        values["scar_score_applies"] = scarred
        at_day[str(int(day))] = values
    return {
        "downtime_days": float(series.downtime_days[:, 0].mean()),
        "downtime_days_per_session": [float(d) for d in series.downtime_days[:, 0]],
        "at_day": at_day,
        "risks": risks(sessions, skin, float(series.burden_days[0]), params),
        "healing": {
            "damage_by_compartment_first_session": [float(v) for v in injuries[0].damage],
            "model": "kinetic cascade per compartment (docs/healing.md)",
        },
    }


def outcome_options(skin) -> tuple[str, float]:
    """Scar type and wrinkle severity the clinical maps read for this patient."""
    severity = skin.condition.severity if skin.condition.name == "wrinkles" else 3.0
    return _scar_type(skin)[0], severity


class HealingStage:
    """The healing cascade over the series, then clinical outcomes and risks."""

    def _series(self, prepared):
        injuries = injuries_of(prepared.runs, prepared.params)
        report_days = list(prepared.scenario.output.report_days)
        scar_type, severity = outcome_options(prepared.skin)
        series = evaluate(prepared.params, prepared.skin, injuries, report_days, scar_type=scar_type,
                          wrinkle_severity=severity)
        sessions = [run.session for run in prepared.runs]
        summary = series_summary(series, report_days, prepared.skin, sessions, prepared.params,
                                 injuries)
        intervals, bands = ensemble_intervals(prepared.params, prepared.skin, injuries, report_days,
                                      scar_type, severity)
        for day, bounds in intervals.items():
            summary["at_day"][day]["interval_90"] = bounds
        return series, summary, bands, sessions

    def summary(self, prepared) -> dict:
        return self._series(prepared)[1]

    def run(self, prepared) -> StageOutput:
        series, summary, bands, sessions = self._series(prepared)
        datasets = {
            "healing": healing_dataset(series),
            "downtime": downtime_dataset(series, [s.number for s in sessions]),
        }
        datasets["healing"]["redness_index"].attrs["threshold"] = prepared.params.get("redness_threshold")
        if bands is not None:
            datasets["healing_interval"] = bands
        return StageOutput(datasets=datasets, summary=summary)
