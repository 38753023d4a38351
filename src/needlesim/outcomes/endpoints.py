"""A treatment series end to end: the healing cascade, then what studies measure of it.

:func:`evaluate` runs the cascade (``needlesim.healing.cascade``) and reads its tissue
changes, clinical endpoints, redness, downtime and inflammation burden with
:func:`outcomes_of`. Shared by the pipeline stage, the calibration, the validation targets
and the tests, so that all of them evaluate the model the same way; the cohort batch
integrates many patients at once (:func:`evaluate_batch`) and reads each one with the same
:func:`outcomes_of`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.constants import YEAR_DAYS
from needlesim.healing.cascade import FOLLOW_UP_DAYS, HealingRun, simulate_series, untreated
from needlesim.healing.exponential_heun import DEFAULT_CONTROL, StepControl
from needlesim.healing.injury import SessionInjury
from needlesim.healing.many_patients import simulate_batch
from needlesim.outcomes.clinical import clinical_changes, tissue_changes
from needlesim.outcomes.downtime import (
    downtime_days,
    inflammation_burden_days,
    redness_index,
    session_coverage,
    vascular_factor,
    visible_redness,
)
from needlesim.outcomes.pigment import pigment_changes
from needlesim.parameters import ParameterSet
from needlesim.skin import Skin


@dataclass
class SeriesResult:
    run: HealingRun
    untreated: np.ndarray
    changes: dict  # tissue changes (fractions) over (time, patients)
    clinical: dict  # clinical endpoints over (time, patients)
    redness: np.ndarray  # visible (local) redness over (time, patients)
    downtime_days: np.ndarray  # (session, patients)
    burden_days: np.ndarray  # (patients,)

    @property
    def times_day(self):
        return self.run.times_day

    def at(self, day: float, key: str) -> np.ndarray:
        """Value of an endpoint (tissue change as a fraction, or clinical) at ``day``."""
        i = int(np.argmin(np.abs(self.times_day - day)))
        table = self.changes if key in self.changes else self.clinical
        return table[key][i]


def evaluate(params: ParameterSet, skin, injuries: list[SessionInjury], report_days=(),
             samples=None, control: StepControl = DEFAULT_CONTROL, fine_step_day=0.05, daily=True,
             scar_type="mixed", wrinkle_severity=3.0, age_years=None, sex=None,
             follow_up=FOLLOW_UP_DAYS, exposures=(), striae_colour=None) -> SeriesResult:
    """The series of ``healing.cascade.simulate_series`` (same arguments) and its outcomes;
    ``scar_type``, ``wrinkle_severity`` and ``striae_colour`` are read by the clinical maps,
    ``exposures`` (each session's ``ActiveExposure`` or None) by the pigment model."""
    run = simulate_series(params, skin, injuries, report_days, samples=samples, control=control,
                          fine_step_day=fine_step_day, daily=daily, age_years=age_years, sex=sex,
                          follow_up=follow_up)
    return outcomes_of(run, untreated(run), params, skin, scar_type, wrinkle_severity, exposures,
                       striae_colour)


def patient_age_years(run: HealingRun, skin=None) -> np.ndarray:
    """Each patient's age on each day of the run, (time, patients). A patient taken out of
    a batch keeps the batch's cohort (``healing.many_patients``): its own ``skin`` gives
    its age then."""
    age0 = run.cohort.age0
    if age0.size != run.states.shape[2]:
        age0 = np.full(run.states.shape[2], float(skin.age_years))
    return age0[None, :] + np.asarray(run.times_day, float)[:, None] / YEAR_DAYS


def outcomes_of(run: HealingRun, u: np.ndarray, params: ParameterSet, skin, scar_type="mixed",
                wrinkle_severity=3.0, exposures=(), striae_colour=None) -> SeriesResult:
    """Tissue changes, clinical endpoints, redness and downtime of an integrated run (``u``:
    the untreated state at the run's times)."""
    times = run.times_day
    session_days = list(run.doses.day)
    thickness = (skin.thickness_m["papillary_dermis"], skin.thickness_m["reticular_dermis"])
    changes = tissue_changes(run.states, u, thickness)
    clinical = clinical_changes(changes, params, scar_type, wrinkle_severity,
                                age_years=patient_age_years(run, skin),
                                striae_colour=striae_colour)
    inflammation = redness_index(run.states, params)  # area average: drives the PIH burden
    clinical.update(pigment_changes(times, run.states, inflammation, skin, exposures, params,
                                    session_days))
    coverage = session_coverage(times, session_days, run.doses.damage)
    vascular = vascular_factor(times, session_days, run.doses.bleeding,
                               params.get("redness_bleeding_weight"))
    redness = visible_redness(inflammation, coverage, params.get("redness_local_exponent"), vascular)
    downtime = downtime_days(times, redness, session_days, params.get("redness_threshold"))
    burden = inflammation_burden_days(times, inflammation)
    return SeriesResult(run, u, changes, clinical, redness, downtime, burden)


@dataclass(frozen=True)
class BatchPatient:
    """One patient of a batch: the cascade's inputs and what the clinical maps read."""

    params: ParameterSet
    skin: Skin
    injuries: list[SessionInjury]
    scar_type: str = "mixed"
    wrinkle_severity: float = 3.0
    exposures: tuple = ()  # each session's ActiveExposure or None (the pigment model reads them)
    striae_colour: str | None = None  # rubra, alba or mixed for striae


def evaluate_batch(patients: list[BatchPatient], report_days=(),
                   control: StepControl = DEFAULT_CONTROL) -> list[SeriesResult]:
    """``evaluate(p.params, p.skin, p.injuries, report_days, scar_type=..., wrinkle_severity=...,
    exposures=...)``
    for every patient, the cascades integrated as few vectorised batches
    (``needlesim.healing.many_patients``). Returns one single-patient SeriesResult each."""
    runs = simulate_batch(patients, report_days, control)
    return [outcomes_of(run, u, p.params, p.skin, p.scar_type, p.wrinkle_severity, p.exposures,
                        p.striae_colour)
            for p, (run, u) in zip(patients, runs, strict=True)]
