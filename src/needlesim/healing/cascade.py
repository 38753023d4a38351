"""The healing cascade over a treatment series, for one patient or a cohort (vectorised
over patients): the time grid, the integration from the untreated steady state through the
sessions, and the untreated patient at the same times. Tissue state only; what it means
clinically is read in ``needlesim.outcomes``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.healing.actives import serum_arrays
from needlesim.healing.baseline import AgeBaseline
from needlesim.healing.exponential_heun import DEFAULT_CONTROL, Doses, StepControl, integrate
from needlesim.healing.injury import SessionInjury
from needlesim.healing.rates import Rates, healing_rates
from needlesim.healing.rhs import Cohort, steady_state
from needlesim.parameters import ParameterSet

FOLLOW_UP_DAYS = 365.0
FINE_HORIZON_DAYS = 10.0  # the fine grid covers the inflammation after each session


@dataclass
class HealingRun:
    times_day: np.ndarray
    states: np.ndarray  # (time, species, patients, compartments) or whatever `record` kept
    cohort: Cohort
    rates: Rates
    doses: Doses


def doses_of_patients(each: list[list[SessionInjury]], params: list[ParameterSet]) -> Doses:
    """Doses of patients who share their session days (``each``: per patient, the injuries
    of its sessions; ``params``: its parameters, which set its serums' effects); the serum
    arrays stay None when no session has a serum."""
    serums = None
    if any(i.serum is not None for injuries in each for i in injuries):
        serums = [serum_arrays(injuries, p) for injuries, p in zip(each, params, strict=True)]
    return Doses(
        day=np.array([i.day for i in each[0]], float),
        damage=np.array([[i.damage for i in injuries] for injuries in each]),
        bleeding=np.array([[i.bleeding_share for i in injuries] for injuries in each]),
        nsaid=np.array([[float(i.anti_inflammatory) for i in injuries] for injuries in each]),
        serum_growth_factor=None if serums is None else np.array([g for g, _ in serums]),
        serum_synthesis_boost=None if serums is None else np.array([b for _, b in serums]),
    )


def doses_from_injuries(injuries: list[SessionInjury], params: ParameterSet) -> Doses:
    """Doses of one patient (patients axis of length 1)."""
    return doses_of_patients([injuries], [params])


def repeat_doses(doses: Doses, patients: int) -> Doses:
    return doses.patients(np.zeros(patients, int))


def make_cohort(params: ParameterSet, age_years, sex) -> Cohort:
    age = np.atleast_1d(np.asarray(age_years, float))
    sex = np.broadcast_to(np.asarray(sex), age.shape)
    return Cohort(age, sex, AgeBaseline(params, sex))


def simulate(params: ParameterSet, age_years, sex, doses: Doses, times_day, samples=None,
             control: StepControl = DEFAULT_CONTROL, record=None, compiled: bool = True) -> HealingRun:
    """Integrate from the untreated steady state on day 0 through the sessions in ``doses``
    (``compiled``: by the compiled loop, else step by step in NumPy; see ``integrate``)."""
    cohort = make_cohort(params, age_years, sex)
    rates = healing_rates(params, samples)
    if doses.damage.shape[0] != cohort.size:
        doses = repeat_doses(doses, cohort.size)
    x0 = steady_state(cohort, rates)
    states = integrate(x0, doses, times_day, rates, cohort, control, record, compiled)
    return HealingRun(np.asarray(times_day, float), states, cohort, rates, doses)


def untreated(run: HealingRun) -> np.ndarray:
    """The untreated patient's state at every recorded time (the ageing baseline)."""
    return np.stack([steady_state(run.cohort, run.rates, t) for t in run.times_day])


def fine_times(session_days, horizon_day: float = FINE_HORIZON_DAYS,
               step_day: float = 0.05) -> np.ndarray:
    """A fine grid over the first days after each session (redness, downtime, figures)."""
    steps = int(np.ceil(horizon_day / step_day - 1e-9))
    grids = [d + step_day * np.arange(steps) for d in session_days]
    # rounded so that a grid point never lands a hair before a later session's day, where
    # the integrator would already apply that session (times within 1e-12 d count as it)
    return np.unique(np.round(np.concatenate(grids), 9))


def time_grid(session_days, report_days, fine_step_day=0.05, daily=True, follow_up=FOLLOW_UP_DAYS):
    """Report days, the fine grid after each session and (``daily``) every day, up to
    ``follow_up`` days after the last session."""
    end = max([*report_days, session_days[-1] + follow_up])
    parts = [np.asarray(report_days, float), fine_times(session_days, FINE_HORIZON_DAYS,
                                                        fine_step_day)]
    if daily:
        parts.append(np.arange(0.0, end + 0.5, 1.0))
    grid = np.unique(np.concatenate(parts))
    return grid[grid <= end]


def simulate_series(params: ParameterSet, skin, injuries: list[SessionInjury], report_days=(),
                    samples=None, control: StepControl = DEFAULT_CONTROL, fine_step_day=0.05,
                    daily=True, age_years=None, sex=None, follow_up=FOLLOW_UP_DAYS) -> HealingRun:
    """The cascade of a patient (``skin``) through its sessions' injuries on the grid of
    :func:`time_grid`; ``samples`` (parameter name -> values) puts ensemble members on the
    patients axis, ``age_years`` and ``sex`` replace the patient's."""
    session_days = [i.day for i in injuries]
    times = time_grid(session_days, list(report_days), fine_step_day, daily, follow_up)
    doses = doses_from_injuries(injuries, params)
    patients = 1
    if samples:
        patients = len(next(iter(samples.values())))
    age = skin.age_years if age_years is None else age_years
    age = np.broadcast_to(np.asarray(age, float), (patients,)) if np.ndim(age) == 0 else age
    return simulate(params, age, sex or skin.sex, doses, times, samples=samples, control=control)
