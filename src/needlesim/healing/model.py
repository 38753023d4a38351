"""Run the healing model for one patient or a cohort (vectorised over patients)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.healing.baseline import AgeBaseline
from needlesim.healing.injury import SessionInjury
from needlesim.healing.integrate import DEFAULT_CONTROL, Doses, StepControl, integrate
from needlesim.healing.rates import Rates, healing_rates
from needlesim.healing.rhs import Cohort, steady_state
from needlesim.parameters import ParameterSet


@dataclass
class HealingRun:
    times_day: np.ndarray
    states: np.ndarray  # (time, species, patients, compartments) or whatever `record` kept
    cohort: Cohort
    rates: Rates
    doses: Doses


def doses_from_injuries(injuries: list[SessionInjury]) -> Doses:
    """Doses of one patient (patients axis of length 1)."""
    return Doses(
        day=np.array([i.day for i in injuries], float),
        damage=np.array([[i.damage for i in injuries]]),
        bleeding=np.array([[i.bleeding_share for i in injuries]]),
        nsaid=np.array([[float(i.anti_inflammatory) for i in injuries]]),
    )


def repeat_doses(doses: Doses, patients: int) -> Doses:
    return Doses(doses.day, np.repeat(doses.damage, patients, axis=0),
                 np.repeat(doses.bleeding, patients, axis=0), np.repeat(doses.nsaid, patients, axis=0))


def make_cohort(params: ParameterSet, age_years, sex) -> Cohort:
    age = np.atleast_1d(np.asarray(age_years, float))
    sex = np.broadcast_to(np.asarray(sex), age.shape)
    return Cohort(age, sex, AgeBaseline(params, sex))


def simulate(params: ParameterSet, age_years, sex, doses: Doses, times_day, samples=None,
             control: StepControl = DEFAULT_CONTROL, record=None) -> HealingRun:
    """Integrate from the untreated steady state on day 0 through the sessions in ``doses``."""
    cohort = make_cohort(params, age_years, sex)
    rates = healing_rates(params, samples)
    if doses.damage.shape[0] != cohort.size:
        doses = repeat_doses(doses, cohort.size)
    x0 = steady_state(cohort, rates)
    states = integrate(x0, doses, times_day, rates, cohort, control, record)
    return HealingRun(np.asarray(times_day, float), states, cohort, rates, doses)


def untreated(run: HealingRun) -> np.ndarray:
    """The untreated patient's state at every recorded time (the ageing baseline)."""
    return np.stack([steady_state(run.cohort, run.rates, t) for t in run.times_day])
