"""A treatment series end to end for the healing stage: injuries, integration, outcomes.

Shared by the pipeline stage, the calibration script, the validation targets and the
tests, so that all of them evaluate the model the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.healing.injury import SessionInjury, session_injury
from needlesim.healing.integrate import DEFAULT_CONTROL, StepControl
from needlesim.healing.model import HealingRun, doses_from_injuries, simulate, untreated
from needlesim.outcomes.clinical import clinical_changes, tissue_changes
from needlesim.outcomes.downtime import (
    downtime_days,
    inflammation_burden_days,
    redness_index,
    redness_times,
    session_coverage,
    vascular_factor,
    visible_redness,
)
from needlesim.parameters import ParameterSet

FOLLOW_UP_DAYS = 365.0
REDNESS_HORIZON_DAYS = 10.0


@dataclass
class SeriesResult:
    run: HealingRun
    untreated: np.ndarray
    changes: dict  # tissue changes (fractions) over (time, patients)
    clinical: dict  # clinical endpoints over (time, patients)
    redness: np.ndarray  # visible (local) redness over (time, patients)
    downtime_days: np.ndarray  # (session, patients)
    burden_days: np.ndarray  # (patients,)
    inflammation: np.ndarray | None = None  # area-averaged inflammation index (time, patients)

    @property
    def times_day(self):
        return self.run.times_day

    def at(self, day: float, key: str) -> np.ndarray:
        """Value of an endpoint (tissue change as a fraction, or clinical) at ``day``."""
        i = int(np.argmin(np.abs(self.times_day - day)))
        table = self.changes if key in self.changes else self.clinical
        return table[key][i]


def injuries_of(runs, params: ParameterSet) -> list[SessionInjury]:
    return [session_injury(run, params) for run in runs]


def time_grid(session_days, report_days, fine_step_day=0.05, daily=True, follow_up=FOLLOW_UP_DAYS):
    end = max([*report_days, session_days[-1] + follow_up])
    parts = [np.asarray(report_days, float), redness_times(session_days, REDNESS_HORIZON_DAYS,
                                                          fine_step_day)]
    if daily:
        parts.append(np.arange(0.0, end + 0.5, 1.0))
    grid = np.unique(np.concatenate(parts))
    return grid[grid <= end]


def evaluate(params: ParameterSet, skin, injuries: list[SessionInjury], report_days=(),
             samples=None, control: StepControl = DEFAULT_CONTROL, fine_step_day=0.05, daily=True,
             scar_type="mixed", wrinkle_severity=3.0, age_years=None, sex=None,
             follow_up=FOLLOW_UP_DAYS) -> SeriesResult:
    session_days = [i.day for i in injuries]
    times = time_grid(session_days, list(report_days), fine_step_day, daily, follow_up)
    doses = doses_from_injuries(injuries)
    patients = 1
    if samples:
        patients = len(next(iter(samples.values())))
    age = skin.age_years if age_years is None else age_years
    age = np.broadcast_to(np.asarray(age, float), (patients,)) if np.ndim(age) == 0 else age
    run = simulate(params, age, sex or skin.sex, doses, times, samples=samples, control=control)
    return outcomes_of(run, untreated(run), params, skin, scar_type, wrinkle_severity)


def outcomes_of(run: HealingRun, u: np.ndarray, params: ParameterSet, skin, scar_type="mixed",
                wrinkle_severity=3.0) -> SeriesResult:
    """Tissue changes, clinical endpoints, redness and downtime of an integrated run (``u``:
    the untreated state at the run's times). Shared by ``evaluate`` and the cohort batch
    (healing/batch.py), which integrates many patients at once and reads each one here."""
    times = run.times_day
    session_days = list(run.doses.day)
    thickness = (skin.thickness_m["papillary_dermis"], skin.thickness_m["reticular_dermis"])
    changes = tissue_changes(run.states, u, thickness)
    clinical = clinical_changes(changes, params, scar_type, wrinkle_severity)
    inflammation = redness_index(run.states, params)  # area average: drives the PIH burden
    coverage = session_coverage(times, session_days, run.doses.damage)
    vascular = vascular_factor(times, session_days, run.doses.bleeding,
                               params.get("redness_bleeding_weight"))
    redness = visible_redness(inflammation, coverage, params.get("redness_local_exponent"), vascular)
    downtime = downtime_days(times, redness, session_days, params.get("redness_threshold"))
    burden = inflammation_burden_days(times, inflammation)
    return SeriesResult(run, u, changes, clinical, redness, downtime, burden, inflammation)
