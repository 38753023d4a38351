"""Simulate one chunk of patients (all arms): the unit of work sent to a Dask worker.

The batch path (``run_chunk``) computes for every patient the same summary numbers as
``Simulation(scenario, params).run().summary()`` would, but
- runs the channel stages (devices, insertion, channels) per patient with the same
  per-session random streams, and builds no report datasets (xarray) from them;
- integrates the healing model once per arm and chunk for all its patients, as one
  vectorised batch (healing/many_patients.py), and reads each patient's outcomes with the same
  functions as the healing stage;
- runs the serum transport (reduced model) only for the first session with a serum, the
  one the summary describes;
- leaves out the per-patient 90 % ensemble intervals (``interval_90:*`` columns: 100 more
  healing integrations per patient) unless the cohort file asks for them with
  ``[output] intervals = true``.
Every value in the table agrees with the single-patient summary to round-off
(tests/cohort/test_cohort_batch.py). ``simulate_patient`` is the single-patient reference.
"""

from __future__ import annotations

import traceback

import pandas as pd

from needlesim.cohort.flatten import summary_rows
from needlesim.cohort.sample import draw_patients, parameter_overrides, scenario_dict
from needlesim.cohort.spec import CohortSpec


def simulate_patient(spec: CohortSpec, patient: dict, arm) -> list[dict]:
    """Rows of one patient in one arm through the full ``Simulation`` (the reference)."""
    from needlesim.parameters import ParameterSet
    from needlesim.scenario import build_scenario
    from needlesim.simulation import Simulation

    params = ParameterSet(parameter_overrides(spec, patient))
    scenario = build_scenario(scenario_dict(spec, patient, arm), params)
    summary = Simulation(scenario, params).run().summary()
    return summary_rows(summary, spec.report_days)


def _prepare(spec: CohortSpec, patient: dict, arm):
    from needlesim.batch import prepare_member
    from needlesim.parameters import ParameterSet
    from needlesim.scenario import build_scenario

    params = ParameterSet(parameter_overrides(spec, patient))
    return prepare_member(build_scenario(scenario_dict(spec, patient, arm), params), params)


def _error(exc: Exception) -> str:
    traceback.print_exc()
    return f"{type(exc).__name__}: {exc}"[:500]


def _arm_outputs(spec: CohortSpec, patients: list[dict], arm) -> list[tuple[list[dict], str]]:
    """(rows, error) of every patient in one arm: channel stages per patient, then the
    healing model once for all of them (patient by patient if the batch fails, so that one
    bad patient does not sink the others)."""
    from needlesim.batch import finish, integrate

    out: list = [None] * len(patients)
    prepared = {}
    for i, patient in enumerate(patients):
        try:
            prepared[i] = _prepare(spec, patient, arm)
        except Exception as exc:  # one bad patient must not sink the cohort
            out[i] = (None, _error(exc))
    ready = sorted(prepared)
    try:
        series = dict(zip(ready, integrate([prepared[i] for i in ready], spec.report_days),
                          strict=True))
    except Exception:
        series = {}
        for i in ready:
            try:
                series[i] = integrate([prepared[i]], spec.report_days)[0]
            except Exception as exc:
                out[i] = (None, _error(exc))
    for i in ready:
        if out[i] is not None:
            continue
        try:
            out[i] = (summary_rows(finish(prepared[i], series[i], spec.intervals), spec.report_days), "")
        except Exception as exc:
            out[i] = (None, _error(exc))
    return out


def run_chunk(spec: CohortSpec, start: int, stop: int) -> pd.DataFrame:
    """Rows of patients ``start`` to ``stop - 1`` in every arm (one per report day).
    A patient whose simulation fails keeps its rows, with the message in ``error``."""
    patients = draw_patients(spec, start, stop)
    by_arm = [_arm_outputs(spec, patients, arm) for arm in spec.arms]
    rows = []
    for i, patient in enumerate(patients):
        for arm, outputs in zip(spec.arms, by_arm, strict=True):
            head = {"patient": patient["patient"], "arm": arm.name}
            head.update({k: v for k, v in patient.items() if k != "patient"})
            values, error = outputs[i]
            if values is None:
                values = [{"day": float(d)} for d in spec.report_days]
            for out in values:
                rows.append({**head, **out, "error": error})
    return pd.DataFrame(rows)
