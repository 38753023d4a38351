"""Simulate one chunk of patients (all arms): the unit of work sent to a Dask worker.

Within a chunk the patients run one after another through ``Simulation`` (the channel
stages are per patient; the healing stage's multi-patient integrator is not used here
yet), so a chunk's cost is about chunk size x arms x one simulation.
"""

from __future__ import annotations

import traceback

import pandas as pd

from needlesim.cohort.flatten import summary_rows
from needlesim.cohort.sample import draw_patients, parameter_overrides, scenario_dict
from needlesim.cohort.spec import CohortSpec


def simulate_patient(spec: CohortSpec, patient: dict, arm) -> list[dict]:
    from needlesim.parameters import ParameterSet
    from needlesim.scenario import build_scenario
    from needlesim.simulation import Simulation

    params = ParameterSet(parameter_overrides(spec, patient))
    scenario = build_scenario(scenario_dict(spec, patient, arm), params)
    summary = Simulation(scenario, params).run().summary()
    return summary_rows(summary, spec.report_days)


def run_chunk(spec: CohortSpec, start: int, stop: int) -> pd.DataFrame:
    """Rows of patients ``start`` to ``stop - 1`` in every arm (one per report day).
    A patient whose simulation fails keeps its rows, with the message in ``error``."""
    rows = []
    for patient in draw_patients(spec, start, stop):
        for arm in spec.arms:
            head = {"patient": patient["patient"], "arm": arm.name}
            head.update({k: v for k, v in patient.items() if k != "patient"})
            try:
                outputs = simulate_patient(spec, patient, arm)
                error = ""
            except Exception as exc:  # one bad patient must not sink the cohort
                outputs = [{"day": float(d)} for d in spec.report_days]
                error = f"{type(exc).__name__}: {exc}"[:500]
                traceback.print_exc()
            for out in outputs:
                rows.append({**head, **out, "error": error})
    frame = pd.DataFrame(rows)
    return frame
