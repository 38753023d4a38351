"""Summaries of many sample points at once, by the cohort's batch path.

A sensitivity study needs only each sample's summary numbers, never the report datasets
or the healing ensemble's 90 % intervals (they are not outputs a study can vary). So,
as the cohort worker does for patients, each sample runs its channel stages alone, and
the healing model integrates all samples of a chunk as one vectorised batch
(healing/batch.py). A sample costs ~20 ms instead of ~0.5 s through ``Simulation``, and
its numbers agree with ``Simulation(...).run().summary()`` to round-off
(tests/sensitivity/test_sensitivity_checks.py).
"""

from __future__ import annotations

from needlesim import RESEARCH_USE


def _prepare(scenario_data: dict, overrides: dict):
    """(summary so far, the healing batch's input, what finishing needs) of one sample."""
    from needlesim.cohort.worker import _delivery_summary
    from needlesim.healing.batch import BatchPatient
    from needlesim.healing.series import injuries_of
    from needlesim.healing.stage import outcome_options
    from needlesim.parameters import ParameterSet
    from needlesim.results.assemble import session_row, summary_of_row
    from needlesim.scenario import build_scenario, session_plan
    from needlesim.simulation import run_session
    from needlesim.skin import build_skin

    params = ParameterSet(overrides)
    scenario = build_scenario(scenario_data, params)
    skin = build_skin(scenario.patient, params)
    runs = [run_session(s, skin, scenario.seed, params) for s in session_plan(scenario.protocol)]
    channels, barrier = summary_of_row(session_row(runs[0]))
    summary = {"scenario": scenario.name, "research_use": RESEARCH_USE,
               "channels": channels, "barrier": barrier}
    summary.update(_delivery_summary(skin, runs, params, scenario.transport))
    scar_type, severity = outcome_options(skin)
    injuries = injuries_of(runs, params)
    batch = BatchPatient(params, skin, injuries, scar_type, severity)
    return summary, batch, (params, skin, runs, injuries, list(scenario.output.report_days))


def batch_summaries(points: list[tuple[dict, dict]]) -> list[tuple[dict, list]]:
    """(summary without provenance and intervals, report days) of every (scenario dict,
    parameter overrides) point, the healing model integrated once for all of them."""
    from needlesim.healing.batch import evaluate_batch
    from needlesim.healing.stage import series_summary

    prepared = [_prepare(scenario, overrides) for scenario, overrides in points]
    days = sorted({day for *_, (*_, report_days) in prepared for day in report_days})
    series = evaluate_batch([batch for _, batch, _ in prepared], days)
    out = []
    for (summary, _, (params, skin, runs, injuries, report_days)), one in zip(
            prepared, series, strict=True):
        healing = series_summary(one, report_days, skin, [r.session for r in runs], params,
                                 injuries)
        out.append(({**summary, **healing}, report_days))
    return out
