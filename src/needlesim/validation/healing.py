"""Targets on the healing cascade and clinical outcomes (``targets_healing.csv``) beside the
published-data table (``validation/evidence.py``): qualitative findings, design checks
and the elastin balance.

Qualitative findings ("all increase", "total elastin decreases") are
encoded as the sign of the model's change (+1 / -1, or 0 when it does not hold at every
time point), with a tolerance of 0.5 so that a wrong or mixed sign fails.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from needlesim.constants import DAY_S, HOUR_S, YEAR_DAYS
from needlesim.healing.cascade import doses_from_injuries, simulate
from needlesim.healing.injury import injuries_of
from needlesim.healing.species import PAP, N
from needlesim.outcomes.endpoints import evaluate
from needlesim.outcomes.risks import infection_probability
from needlesim.parameters import default_parameters
from needlesim.prepare import prepare
from needlesim.scenario import default_scenario
from needlesim.validation.protocols import protocol_injuries
from needlesim.validation.registry import computes
from needlesim.validation.trial_series import sign_at_every_day

ELDOMYATI_DAYS = (30.0, 90.0)  # "1 and 3 months from start"
HOLT_DAY = 14.0


# -- validation targets and checks ----------------------------------------------------------
@lru_cache(maxsize=1)
def eldomyati_series():
    skin, _, injuries = protocol_injuries("eldomyati2015")
    return evaluate(default_parameters(), skin, injuries, list(ELDOMYATI_DAYS), daily=False)


def _eldomyati_sign(key: str) -> float:
    series = eldomyati_series()
    return sign_at_every_day([series.at(day, key)[0] for day in ELDOMYATI_DAYS])


for _target, _key in (("eldomyati_collagen_I_sign", "collagen_I"),
                      ("eldomyati_collagen_III_sign", "collagen_III"),
                      ("eldomyati_collagen_VII_sign", "collagen_VII"),
                      ("eldomyati_tropoelastin_sign", "tropoelastin"),
                      ("eldomyati_total_elastin_sign", "elastin")):
    computes(_target)(lambda key=_key: _eldomyati_sign(key))


@lru_cache(maxsize=1)
def default_downtime_days() -> float:
    """Mean downtime per session of the built-in default scenario (pen 1.5 mm, cheek)."""
    params = default_parameters()
    prepared = prepare(default_scenario(params), params)
    series = evaluate(params, prepared.skin, injuries_of(prepared.runs, params), [], daily=False)
    return float(series.downtime_days.mean())


@computes("elastin_year_after_pen_series_pct")
def elastin_year_after_pen_series_pct() -> float:
    """Mature elastin of the default scenario a year after its last session [%]."""
    params = default_parameters()
    prepared = prepare(default_scenario(params), params)
    day = prepared.runs[-1].session.day + YEAR_DAYS
    series = evaluate(params, prepared.skin, injuries_of(prepared.runs, params), [day],
                      daily=False)
    return 100 * float(series.at(day, "elastin")[0])


@computes("chu2021_default_downtime_max")
def chu2021_default_downtime_max() -> float:
    return default_downtime_days()


@computes("chu2021_default_downtime_72h")
def chu2021_default_downtime_72h() -> float:
    return default_downtime_days()


@computes("kim2008_neutrophil_peak_h")
def kim2008_neutrophil_peak_h() -> float:
    """Time of the neutrophil peak in the papillary dermis after one pen session."""
    skin, _, injuries = protocol_injuries("eldomyati2015")
    times = np.arange(0.0, 3.0, 0.01)
    run = simulate(default_parameters(), skin.age_years, skin.sex,
                   doses_from_injuries(injuries[:1], default_parameters()), times)
    return float(times[np.argmax(run.states[:, N, 0, PAP])] * (DAY_S / HOUR_S))


@computes("holt1992_collagen_14d_old_vs_young")
def holt1992_collagen_14d_old_vs_young() -> float:
    """New dermal collagen 14 days after one session: a 70-year-old over a 35-year-old."""
    skin, _, injuries = protocol_injuries("eldomyati2015")
    gains = []
    for age in (70.0, 35.0):
        series = evaluate(default_parameters(), skin, injuries[:1], [HOLT_DAY], daily=False,
                          age_years=age, follow_up=HOLT_DAY)
        gains.append(float(series.at(HOLT_DAY, "collagen_dermis")[0]))
    return gains[0] / gains[1]


@computes("harris2015_infection_clinic_series")
def harris2015_infection_clinic_series() -> float:
    """Infection probability over a clinic series of 3 pen sessions (percent)."""
    _, sessions, _ = protocol_injuries("eldomyati2015", (("sessions", 3),))
    return 100 * infection_probability(sessions, default_parameters())
