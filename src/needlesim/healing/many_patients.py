"""The healing cascade for many patients at once: one vectorised integration per group.

Used by the cohort batch. A single patient's ``simulate_series`` costs about 0.3 s, almost
all of it Python overhead of ~1,600 right-hand-side calls on arrays of 48 numbers; with 50
patients on the patients axis a call costs about the same, so a chunk integrates for the
price of a few patients.

Nothing is re-implemented here: each patient's rate constants come from
``healing_rates(params)`` and its ageing baseline from ``AgeBaseline(params, sex)``, exactly
as for one patient; values that differ between patients are stacked on the patients axis
(``(patients, 1)`` for rates, ``(patients,)`` for the baseline), values shared by all stay
scalars. The right-hand side and integrator (rhs.py, exponential_heun.py) run unchanged.
Patients are grouped so that each group shares the time grid (same session days and report
days, so the integrator takes exactly the steps it takes for each patient alone) and the
few rates the equations apply before the patients axis is formed (``BROADCAST_SCALARS``).
Each patient gets its own slice of the states, which agrees with ``simulate_series`` to
round-off (tests/healing/test_healing_batch.py); the outcomes are read from it by
``needlesim.outcomes.endpoints.evaluate_batch``.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from needlesim.healing.baseline import AgeBaseline
from needlesim.healing.cascade import HealingRun, doses_of_patients, time_grid, untreated
from needlesim.healing.exponential_heun import DEFAULT_CONTROL, StepControl, integrate
from needlesim.healing.injury import SessionInjury
from needlesim.healing.rates import Rates, healing_rates
from needlesim.healing.rhs import Cohort, steady_state
from needlesim.parameters import ParameterSet
from needlesim.skin import Skin

# Rates used in a product with a (patients,) vector before it is made a column
# (rhs: keratinocyte drive; exponential_heun.apply_session: the NSAID factor;
# exponential_heun.serum_inputs: how long a serum's effect lasts): patients whose values
# differ go to different groups instead of being stacked.
BROADCAST_SCALARS = ("aK", "nsaid", "serum_gf_residence", "vitc_half")


class Patient(Protocol):
    """One patient's inputs to the cascade (e.g. ``needlesim.outcomes.endpoints.BatchPatient``)."""

    params: ParameterSet
    skin: Skin
    injuries: list[SessionInjury]


def _same(values) -> bool:
    first = values[0]
    return all(np.array_equal(v, first) for v in values[1:])


def _stack(values, shape):
    """One value if every patient has it, else an array over patients of ``shape``."""
    if _same(values):
        return values[0]
    return np.asarray([np.asarray(v, float).reshape(()) for v in values]).reshape(shape)


def stacked_rates(each: list[Rates]) -> Rates:
    out = Rates()
    for key in each[0]:
        out[key] = _stack([r[key] for r in each], (-1, 1))
    return out


def stacked_baseline(each: list[AgeBaseline]) -> AgeBaseline:
    out = object.__new__(AgeBaseline)
    for key in vars(each[0]):
        setattr(out, key, _stack([vars(b)[key] for b in each], (-1,)))
    return out


def _group_key(patient: Patient, rates: Rates):
    days = tuple(float(i.day) for i in patient.injuries)
    return days, tuple(float(np.asarray(rates[k]).reshape(())) for k in BROADCAST_SCALARS)


def simulate_batch(patients: list[Patient], report_days=(),
                   control: StepControl = DEFAULT_CONTROL) -> list[tuple[HealingRun, np.ndarray]]:
    """``simulate_series(p.params, p.skin, p.injuries, report_days)`` and its untreated state
    for every patient (default grid: daily plus the fine grid after sessions, one year's
    follow-up), integrated as few vectorised batches. Returns one single-patient
    (run, untreated) pair each."""
    rates = [healing_rates(p.params) for p in patients]
    groups: dict = {}
    for index, (patient, r) in enumerate(zip(patients, rates, strict=True)):
        groups.setdefault(_group_key(patient, r), []).append(index)
    results: list = [None] * len(patients)
    for (days, _), members in groups.items():
        group = [patients[i] for i in members]
        times = time_grid(list(days), list(report_days))
        doses = doses_of_patients([p.injuries for p in group], [p.params for p in group])
        sex = np.array([p.skin.sex for p in group])
        cohort = Cohort(np.array([p.skin.age_years for p in group], float), sex,
                        stacked_baseline([AgeBaseline(p.params, np.asarray(s))
                                          for p, s in zip(group, sex, strict=True)]))
        group_rates = stacked_rates([rates[i] for i in members])
        x0 = steady_state(cohort, group_rates)
        states = integrate(x0, doses, times, group_rates, cohort, control)
        run = HealingRun(np.asarray(times, float), states, cohort, group_rates, doses)
        u = untreated(run)
        for k, index in enumerate(members):
            one = slice(k, k + 1)
            own = HealingRun(run.times_day, states[:, :, one], cohort, group_rates,
                             doses.patients(one))
            results[index] = (own, u[:, :, one])
    return results
