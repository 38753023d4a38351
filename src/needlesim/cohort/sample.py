"""Virtual patients: covariates and parameter draws from generators seeded per patient.

Patient ``i`` of a cohort with seed ``s`` draws each quantity ``q`` from
``default_rng([s, i, crc32(q)])``: its values depend on nothing else (not on the chunk it
falls in, the worker, or which other quantities the file declares). Every arm simulates
the same patients with the same scenario seed (common random numbers), so arm differences
are paired.
"""

from __future__ import annotations

import zlib

import numpy as np

from needlesim.cohort.spec import Arm, CohortSpec
from needlesim.healing.ensemble import load_ensemble
from needlesim.outcomes.variability import patient_values
from needlesim.parameters import default_parameters
from needlesim.scenario.slug import slugify

SCENARIO_SEED_STREAM = 0
ENSEMBLE_STREAM = 1
RESPONSE_STREAM = 2


def patient_rng(seed: int, patient: int, quantity: str | int) -> np.random.Generator:
    stream = quantity if isinstance(quantity, int) else zlib.crc32(quantity.encode())
    return np.random.default_rng([seed, patient, stream])


def draw_patient(spec: CohortSpec, patient: int) -> dict:
    """Covariates, parameter values and scenario seed of patient ``patient`` (0-based)."""
    out = {"patient": patient}
    for name, dist in spec.population.items():
        value = dist.ppf(patient_rng(spec.seed, patient, name).random())
        value = value.item() if hasattr(value, "item") else value
        out[name] = int(round(value)) if name == "fitzpatrick" else value
    for name, dist in spec.parameters.items():
        out[f"param.{name}"] = float(dist.ppf(patient_rng(spec.seed, patient, "param." + name).random()))
    if spec.healing_ensemble:

        members = len(next(iter(load_ensemble().values())))
        out["ensemble_member"] = int(patient_rng(spec.seed, patient, ENSEMBLE_STREAM).integers(members))
    if spec.patient_variability:
        out["response_z"] = float(patient_rng(spec.seed, patient, RESPONSE_STREAM).standard_normal())
    out["scenario_seed"] = int(patient_rng(spec.seed, patient, SCENARIO_SEED_STREAM).integers(2**62))
    return out


def draw_patients(spec: CohortSpec, start: int, stop: int) -> list[dict]:
    return [draw_patient(spec, i) for i in range(start, stop)]


def scenario_dict(spec: CohortSpec, patient: dict, arm: Arm) -> dict:
    """The scenario (as a dict for ``build_scenario``) of one patient in one arm."""
    covariates = {k: patient[k] for k in spec.population}
    protocol = dict(arm.protocol)
    if spec.area_cm2 is not None:
        protocol.setdefault("area_cm2", spec.area_cm2)
    return {
        "seed": patient["scenario_seed"],
        "name": slugify(f"{spec.name}-p{patient['patient']}-{arm.name}"),  # arm names are free text
        "patient": covariates,
        "protocol": protocol,
        "output": {"report_days": list(spec.report_days)},
    }


def parameter_overrides(spec: CohortSpec, patient: dict) -> dict[str, float]:
    overrides = {k.removeprefix("param."): v for k, v in patient.items() if k.startswith("param.")}
    if "ensemble_member" in patient:

        ensemble = load_ensemble()
        for name, values in ensemble.items():
            overrides.setdefault(name, float(values[patient["ensemble_member"]]))
    if "response_z" in patient:
        defaults = default_parameters()
        scaled = patient_values(lambda name: overrides.get(name, defaults.value(name).value),
                                patient["response_z"])
        overrides.update({name: float(value) for name, value in scaled.items()})
    return overrides
