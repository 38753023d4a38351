"""A published series run as a virtual trial: one patient through the channel stages and
the healing model, read on the trial's days. Targets that compare a direction or a ratio
(``validation/lesions.py``, ``validation/skin_quality.py``) share it.

A study is ``(patient, protocol, days)``: the scenario's patient and protocol fields as
dicts (sex female and phototype III unless given) and the days after the first session
on which the trial read its outcome.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from needlesim.healing.injury import injuries_of
from needlesim.outcomes.endpoints import evaluate
from needlesim.outcomes.summary import outcome_options
from needlesim.parameters import default_parameters
from needlesim.prepare import prepare
from needlesim.scenario import build_scenario


@lru_cache(maxsize=16)
def _series(patient: tuple, protocol: tuple, days: tuple):
    params = default_parameters()
    scenario = build_scenario({"patient": {"sex": "female", "fitzpatrick": 3, **dict(patient)},
                               "protocol": dict(protocol)}, params)
    prepared = prepare(scenario, params)
    scar_type, severity, colour = outcome_options(prepared.skin)
    return evaluate(params, prepared.skin, injuries_of(prepared.runs, params), list(days),
                    daily=False, scar_type=scar_type, wrinkle_severity=severity,
                    striae_colour=colour)


def values_on_days(study, key: str, **patient_changes) -> list[float]:
    """The model's ``key`` on each of the study's days (cached per patient and protocol)."""
    patient, protocol, days = study
    patient = {**patient, **patient_changes}
    series = _series(tuple(sorted(patient.items())), tuple(sorted(protocol.items())), days)
    return [float(series.at(day, key)[0]) for day in days]


def sign_at_every_day(values) -> float:
    """+1 or -1 when every value has that sign, 0 when the signs are mixed (or zero)."""
    signs = {float(np.sign(v)) for v in values}
    return signs.pop() if len(signs) == 1 else 0.0
