"""Read and validate cohort files: every problem names the field, value, allowed range and unit."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from needlesim.cohort.distributions import parse_distribution
from needlesim.cohort.sample import draw_patients, scenario_dict
from needlesim.cohort.spec import (
    COVARIATES,
    DEFAULT_AREA_CM2,
    DEFAULT_CHUNK,
    Arm,
    CohortSpec,
    Responder,
)
from needlesim.errors import input_error
from needlesim.healing.ensemble import load_ensemble
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.scenario import build_scenario
from needlesim.scenario.load import parse_toml
from needlesim.scenario.read import read_text_file

TOP_LEVEL = {"name", "seed", "patients", "population", "parameters", "uncertainty", "arms",
             "output", "run"}
NUMERIC_RANGES = {"age_years": (12, 100, "year"), "fitzpatrick": (1, 6, ""), "severity": (0, 48, "")}
REQUIRED_COVARIATES = ("age_years", "sex", "fitzpatrick")
DEFAULT_RESPONDERS = [
    Responder("scar_improvement_over_50pct", "scar_score_change_pct", below=-50.0),
    Responder("dermal_density_over_20pct", "dermal_density_change_pct", above=20.0),
]


def load_cohort(path: str | Path, params: ParameterSet | None = None) -> CohortSpec:
    path = Path(path)
    data = parse_toml(read_text_file(path, "cohort file"), str(path))
    data.setdefault("name", path.stem)
    return build_cohort(data, params)


def build_cohort(data: dict, params: ParameterSet | None = None) -> CohortSpec:
    """Validate a cohort given as a dict (the TOML structure)."""
    params = params or default_parameters()
    if not isinstance(data, dict):
        raise input_error("cohort", type(data).__name__, "a table of keys")
    for key in data:
        if key not in TOP_LEVEL:
            raise input_error(key, data[key], f"top-level keys: {', '.join(sorted(TOP_LEVEL))}")
    seed = _integer(data, "seed", 1, 0, 2**63 - 1)
    patients = _integer(data, "patients", None, 1, 10_000_000)
    population = _population(data.get("population", {}))
    parameters = _parameters(data.get("parameters", {}), params)
    arms = _arms(data.get("arms"))
    output = _table(data, "output")
    report_days = output.get("report_days", [30, 90, 180])
    if (not isinstance(report_days, list) or not report_days
            or any(not isinstance(d, (int, float)) or not 0 <= d <= 3650 for d in report_days)):
        raise input_error("output.report_days", report_days, "a list of days from 0 to 3650", "day")
    responders = _responders(output.get("responders"))
    intervals = output.get("intervals", False)
    if not isinstance(intervals, bool):
        raise input_error("output.intervals", intervals, "true or false")
    run = _table(data, "run")
    chunk = _integer(run, "chunk_size", DEFAULT_CHUNK, 1, 100_000, "run.")
    area = run.get("area_cm2", DEFAULT_AREA_CM2)
    if area is not None and (not isinstance(area, (int, float)) or not 0.05 <= area <= 2000):
        raise input_error("run.area_cm2", area, "0.05 to 2000 (or leave out for the site's area)", "cm2")
    uncertainty = _table(data, "uncertainty")
    ensemble = bool(uncertainty.get("healing_ensemble", False))
    if ensemble:
        _check_ensemble()
    variability = uncertainty.get("patient_variability", True)
    if not isinstance(variability, bool):
        raise input_error("uncertainty.patient_variability", variability, "true or false")
    spec = CohortSpec(
        name=str(data.get("name", "cohort")), seed=seed, patients=patients, population=population,
        parameters=parameters, arms=arms, report_days=sorted({float(d) for d in report_days}),
        responders=responders, healing_ensemble=ensemble, patient_variability=variability,
        chunk_size=chunk, area_cm2=area,
        intervals=intervals,
        source=data,
    )
    _probe(spec, params)
    return spec


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise input_error(key, value, "a table ([" + key + "])")
    return value


def _integer(data, key, default, low, high, prefix=""):
    value = data.get(key, default)
    if value is None:
        raise input_error(prefix + key, None, f"required: an integer from {low} to {high}")
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise input_error(prefix + key, value, f"an integer from {low} to {high}")
    return value


def _population(table: dict) -> dict:
    if not isinstance(table, dict):
        raise input_error("population", table, "a table ([population])")
    out = {}
    for key, spec in table.items():
        if key not in COVARIATES:
            raise input_error(f"population.{key}", spec, f"covariates: {', '.join(COVARIATES)}")
        dist = parse_distribution(f"population.{key}", spec, COVARIATES[key])
        if key in NUMERIC_RANGES:
            low, high, unit = NUMERIC_RANGES[key]
            if dist.categorical:
                raise input_error(f"population.{key}", spec, "numbers", unit)
            lo, hi = (min(dist.values), max(dist.values)) if dist.kind in ("choice", "constant") \
                else dist.bounds()
            if not (np.isfinite(lo) and np.isfinite(hi) and low <= lo and hi <= high):
                raise input_error(f"population.{key}", spec,
                                  f"a distribution within {low} to {high} (give low and high to "
                                  "truncate a normal or lognormal)", unit)
        out[key] = dist
    for key in REQUIRED_COVARIATES:
        if key not in out:
            raise input_error(f"population.{key}", None, "required: a value or a distribution",
                              COVARIATES[key])
    return out


def _parameters(table: dict, params: ParameterSet) -> dict:
    if not isinstance(table, dict):
        raise input_error("parameters", table, "a table of parameter name = distribution")
    known = params._tables["model"]
    out = {}
    for name, spec in table.items():
        if name not in known:
            close = [k for k in known if name.split("_")[0] in k][:8]
            raise input_error(f"parameters.{name}", spec, "a parameter of the model tables"
                              + (f", e.g. {', '.join(close)}" if close else " (model*.csv)"))
        dist = parse_distribution(f"parameters.{name}", spec, known[name].unit)
        if dist.categorical:
            raise input_error(f"parameters.{name}", spec, "numbers", known[name].unit)
        out[name] = dist
    return out


def _arms(arms) -> list[Arm]:
    if not isinstance(arms, list) or not arms:
        raise input_error("arms", arms, "at least one [[arms]] table with name and [arms.protocol]")
    out, seen = [], set()
    for i, arm in enumerate(arms):
        if not isinstance(arm, dict) or not isinstance(arm.get("protocol"), dict):
            raise input_error(f"arms[{i}].protocol", arm, "a protocol table as in a scenario")
        name = str(arm.get("name", f"arm{i + 1}"))
        if name in seen:
            raise input_error(f"arms[{i}].name", name, "a name not used by another arm")
        extra = set(arm) - {"name", "protocol"}
        if extra:
            raise input_error(f"arms[{i}].{sorted(extra)[0]}", arm[sorted(extra)[0]], "name, protocol")
        seen.add(name)
        out.append(Arm(name, dict(arm["protocol"])))
    return out


def _responders(items) -> list[Responder]:
    if items is None:
        return list(DEFAULT_RESPONDERS)
    if not isinstance(items, list):
        raise input_error("output.responders", items, "a list of {name, key, below | above}")
    out = []
    for i, item in enumerate(items):
        field = f"output.responders[{i}]"
        if not isinstance(item, dict) or "key" not in item or (("below" in item) == ("above" in item)):
            raise input_error(field, item, "a table with key and exactly one of below, above")
        out.append(Responder(str(item.get("name", item["key"])), item["key"],
                             item.get("below"), item.get("above")))
    return out


def _check_ensemble() -> None:

    if not load_ensemble():
        raise input_error("uncertainty.healing_ensemble", True,
                          "false (no calibrated healing ensemble is shipped yet)")


def _probe(spec: CohortSpec, params: ParameterSet) -> None:
    """Build the scenarios of the extreme and first patients of every arm, so that a bad
    protocol or an unknown site fails now, with the scenario's own field names."""

    covariates = draw_patients(spec, 0, min(spec.patients, 8))
    for arm in spec.arms:
        for values in covariates:
            try:
                build_scenario(scenario_dict(spec, values, arm), params)
            except Exception as exc:
                problems = getattr(exc, "problems", None)
                if problems:
                    for p in problems:
                        p["field"] = f"arms[{arm.name}] / patient {values['patient']}: {p['field']}"
                    raise
                raise
