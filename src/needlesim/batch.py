"""Many scenarios' summaries at once: the one model, looped for cohorts and sensitivity.

A cohort's patients or a study's sample points need each scenario's summary numbers,
never its report datasets. Each member runs its channel stages alone
(:func:`needlesim.prepare.prepare`) and the transport stage's summary; the healing model
then integrates all members of a chunk as one vectorised batch (healing/many_patients.py), and
each member's outcomes are read with the same functions as the healing stage. Every number
agrees with ``Simulation(scenario, params).run().summary()`` to round-off
(tests/cohort/test_cohort_batch.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from needlesim import RESEARCH_USE
from needlesim.outcomes.endpoints import BatchPatient, evaluate_batch
from needlesim.outcomes.intervals import ensemble_intervals
from needlesim.outcomes.serums import session_injuries
from needlesim.outcomes.summary import outcome_options, series_summary
from needlesim.parameters import ParameterSet
from needlesim.prepare import Prepared, prepare
from needlesim.results.assemble import session_row, summary_of_row
from needlesim.scenario import Scenario
from needlesim.transport.exposure import exposures_of
from needlesim.transport.stage import TransportStage


@dataclass
class Member:
    """One scenario of a batch after its channel stages and transport."""

    prepared: Prepared
    summary: dict  # the sections before healing, in Results.summary()'s order
    injuries: list
    healing_input: BatchPatient


def prepare_member(scenario: Scenario, params: ParameterSet) -> Member:
    prepared = prepare(scenario, params)
    channels, barrier, session = summary_of_row(session_row(prepared.runs[0]))
    summary = {"scenario": scenario.name, "research_use": RESEARCH_USE,
               "channels": channels, "barrier": barrier, "session": session}
    summary.update(TransportStage().summary(prepared))
    scar_type, severity, colour = outcome_options(prepared.skin)
    injuries = session_injuries(prepared)  # with each session's serum effect
    exposures = tuple(exposures_of(prepared))  # the serums' exposures (pigment model)
    return Member(prepared, summary, injuries,
                  BatchPatient(params, prepared.skin, injuries, scar_type, severity,
                               exposures=exposures, striae_colour=colour))


def integrate(members: list[Member], report_days) -> list:
    """The healing series of every member, in one vectorised integration."""
    return evaluate_batch([m.healing_input for m in members], report_days)


def finish(member: Member, series, intervals: bool = False) -> dict:
    """The member's summary (no provenance); ``intervals`` adds the ensemble's 90 %
    intervals (100 more healing integrations)."""
    p = member.prepared
    report_days = list(p.scenario.output.report_days)
    healing = series_summary(series, report_days, p.skin, [r.session for r in p.runs], p.params,
                             member.injuries)
    if intervals:
        scar_type, severity, colour = outcome_options(p.skin)
        bounds_by_day, _ = ensemble_intervals(p.params, p.skin, member.injuries, report_days,
                                              scar_type, severity, member.healing_input.exposures,
                                              colour)
        for day, bounds in bounds_by_day.items():
            healing["at_day"][day]["interval_90"] = bounds
    return {**member.summary, **healing}
