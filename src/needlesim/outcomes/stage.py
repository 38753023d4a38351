"""The healing-and-outcomes stage of the pipeline (registered in simulation.DOWNSTREAM_STAGES):
the healing cascade over the series, then clinical outcomes, downtime and risks."""

from __future__ import annotations

import numpy as np
import xarray as xr

from needlesim.healing.dataset import cascade_dataset
from needlesim.outcomes.endpoints import SeriesResult, evaluate
from needlesim.outcomes.intervals import ensemble_intervals
from needlesim.outcomes.serums import session_injuries
from needlesim.outcomes.summary import outcome_options, series_summary
from needlesim.stages import StageOutput
from needlesim.transport.exposure import exposures_of


def healing_dataset(series: SeriesResult, patient: int = 0) -> xr.Dataset:
    """The cascade's states with the redness, tissue changes and clinical endpoints."""
    data = cascade_dataset(series.run, series.untreated, patient)
    data["redness_index"] = ("time_day", series.redness[:, patient], {
        "units": "1", "long_name": "Visible redness of the injured spots (local inflammation)"})
    for key, values in series.changes.items():
        data[f"{key}_change"] = ("time_day", values[:, patient], {"units": "1"})
    for key, values in series.clinical.items():
        data[key] = ("time_day", values[:, patient])
    return data


def downtime_dataset(series: SeriesResult, session_numbers, patient: int = 0) -> xr.Dataset:
    return xr.Dataset(
        {"downtime_days": ("session", series.downtime_days[:, patient], {"units": "day"}),
         "session_day": ("session", np.asarray(series.run.doses.day, float), {"units": "day",
                         "long_name": "Day of the session after the first one"})},
        coords={"session": list(session_numbers)},
    )


class HealingOutcomesStage:
    """The healing cascade over the series, then clinical outcomes and risks."""

    def _series(self, prepared):
        injuries = session_injuries(prepared)  # with each session's serum effect
        report_days = list(prepared.scenario.output.report_days)
        scar_type, severity, colour = outcome_options(prepared.skin)
        exposures = tuple(exposures_of(prepared))  # the serums' exposures (pigment model)
        series = evaluate(prepared.params, prepared.skin, injuries, report_days, scar_type=scar_type,
                          wrinkle_severity=severity, exposures=exposures, striae_colour=colour)
        sessions = [run.session for run in prepared.runs]
        summary = series_summary(series, report_days, prepared.skin, sessions, prepared.params,
                                 injuries)
        intervals, bands = ensemble_intervals(prepared.params, prepared.skin, injuries, report_days,
                                              scar_type, severity, exposures, colour)
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
