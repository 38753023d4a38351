"""Evaluate the model at the sample points of a sensitivity study (in chunks, on Dask)."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from needlesim.cohort.flatten import summary_rows


def scenario_and_overrides(spec, u_row) -> tuple[dict, dict]:
    """The scenario dict and parameter overrides at one point of the unit hypercube."""
    scenario = copy.deepcopy(spec.scenario)
    if spec.area_cm2 is not None:
        scenario.setdefault("protocol", {}).setdefault("area_cm2", spec.area_cm2)
    overrides = {}
    for (name, dist), u in zip(spec.factors.items(), u_row, strict=True):
        value = dist.ppf(u)
        value = value.item() if hasattr(value, "item") else value
        if name.startswith(("patient.", "protocol.")):
            section, key = name.split(".", 1)
            if key == "fitzpatrick" or key in ("sessions", "passes"):
                value = int(round(value))
            scenario[section][key] = value
        else:
            overrides[name] = float(value)
    return scenario, overrides


def evaluate_rows(spec, sample: np.ndarray, start: int, stop: int) -> pd.DataFrame:
    """Outputs of sample rows ``start`` to ``stop - 1``: one row per sample and report day
    (the healing model integrated once for the whole chunk: needlesim/batch.py)."""
    from needlesim.batch import finish, integrate, prepare_member
    from needlesim.parameters import ParameterSet
    from needlesim.scenario import build_scenario

    members = []
    for i in range(start, stop):
        scenario, overrides = scenario_and_overrides(spec, sample[i])
        params = ParameterSet(overrides)
        members.append(prepare_member(build_scenario(scenario, params), params))
    days = sorted({day for m in members for day in m.prepared.scenario.output.report_days})
    rows = []
    for i, member, series in zip(range(start, stop), members, integrate(members, days), strict=True):
        summary = finish(member, series)
        for row in summary_rows(summary, member.prepared.scenario.output.report_days):
            out = {"sample": i, "day": row["day"]}
            out.update({key: row.get(key, np.nan) for key in spec.outputs})
            rows.append(out)
    return pd.DataFrame(rows)


def evaluate_chunk(shared, start, stop):
    spec, sample = shared
    return evaluate_rows(spec, sample, start, stop)
