"""Targets on the healing cascade and clinical outcomes (``targets_healing.csv``).

Calibration targets reuse :func:`needlesim.healing.calibrate.model_outputs`, so that
``needlesim validate`` evaluates exactly what the calibration script fitted. Qualitative
findings ("all increase", "total elastin decreases") are encoded as the sign of the
model's change (+1 / -1, or 0 when it does not hold at every time point), with a
tolerance of 0.5 so that a wrong or mixed sign fails.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from needlesim.healing.protocols import protocol_injuries
from needlesim.healing.series import evaluate
from needlesim.parameters import default_parameters
from needlesim.validation.registry import computes

ELDOMYATI_DAYS = (30.0, 90.0)  # "1 and 3 months from start"
HOLT_DAY = 14.0


@lru_cache(maxsize=1)
def calibration_outputs() -> dict:
    from needlesim.healing.calibrate import model_outputs

    return model_outputs({})


def _calibration(key: str) -> float:
    return float(calibration_outputs()[key])


for _key in ("lotfi_collagen_pct", "lotfi_epidermis_pct", "naspolini_downtime_days",
             "dogra_scar_pct", "fabbrocini_texture_pct", "dogra_pih", "dogra_tram"):
    computes(_key)(lambda key=_key: _calibration(key))


@lru_cache(maxsize=1)
def eldomyati_series():
    skin, _, injuries = protocol_injuries("eldomyati2015")
    return evaluate(default_parameters(), skin, injuries, list(ELDOMYATI_DAYS), daily=False)


def _sign_at_every_day(key: str) -> float:
    series = eldomyati_series()
    signs = {float(np.sign(series.at(day, key)[0])) for day in ELDOMYATI_DAYS}
    return signs.pop() if len(signs) == 1 else 0.0


for _target, _key in (("eldomyati_collagen_I_sign", "collagen_I"),
                      ("eldomyati_collagen_III_sign", "collagen_III"),
                      ("eldomyati_collagen_VII_sign", "collagen_VII"),
                      ("eldomyati_tropoelastin_sign", "tropoelastin"),
                      ("eldomyati_total_elastin_sign", "elastin")):
    computes(_target)(lambda key=_key: _sign_at_every_day(key))


@lru_cache(maxsize=1)
def default_downtime_days() -> float:
    """Mean downtime per session of the built-in default scenario (pen 1.5 mm, cheek)."""
    from needlesim.healing.series import injuries_of
    from needlesim.prepare import run_session
    from needlesim.scenario import default_scenario, session_plan
    from needlesim.skin import build_skin

    params = default_parameters()
    scenario = default_scenario(params)
    skin = build_skin(scenario.patient, params)
    runs = [run_session(s, skin, scenario.seed, params) for s in session_plan(scenario.protocol)]
    series = evaluate(params, skin, injuries_of(runs, params), [], daily=False)
    return float(series.downtime_days.mean())


@computes("chu2021_default_downtime_max")
def chu2021_default_downtime_max() -> float:
    return default_downtime_days()


@computes("chu2021_default_downtime_72h")
def chu2021_default_downtime_72h() -> float:
    return default_downtime_days()


@computes("kim2008_neutrophil_peak_h")
def kim2008_neutrophil_peak_h() -> float:
    """Time of the neutrophil peak in the papillary dermis after one pen session."""
    from needlesim.healing.model import doses_from_injuries, simulate
    from needlesim.healing.species import PAP, N

    skin, _, injuries = protocol_injuries("eldomyati2015")
    times = np.arange(0.0, 3.0, 0.01)
    run = simulate(default_parameters(), skin.age_years, skin.sex,
                   doses_from_injuries(injuries[:1]), times)
    return float(times[np.argmax(run.states[:, N, 0, PAP])] * 24)


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
    from needlesim.outcomes.risks import infection_probability

    _, sessions, _ = protocol_injuries("eldomyati2015", (("sessions", 3),))
    return 100 * infection_probability(sessions, default_parameters())
