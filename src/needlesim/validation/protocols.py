"""The published treatment series the healing model is calibrated and validated against:
virtual experiments run through the pipeline's channel stages.

Each is a scenario as a dict (the same structure as a TOML file). Where a paper's
abstract does not give a setting (device model, passes, site) the choice here is an
assumption, written beside it.
"""

from __future__ import annotations

from functools import lru_cache

from needlesim.healing.injury import injuries_of
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.prepare import prepare
from needlesim.scenario import build_scenario

PROTOCOLS = {
    # Lotfi 2013: acne scars, phototype III-IV, 1.5 mm roller, 5 sessions monthly;
    # histometry 8 weeks after the last session. Age 25 and 15 passes (rolling
    # practice: 10-20 passes over each area) are assumptions.
    "lotfi2013": {
        "patient": {"age_years": 25, "sex": "female", "fitzpatrick": 4, "site": "cheek",
                    "condition": "acne_scars", "scar_type": "mixed"},
        "protocol": {"sessions": 5, "interval_days": 30, "device": "roller",
                     "needle_length_mm": 1.5, "passes": 15},
    },
    # Dogra 2014: acne scars, phototype IV-V, 18-40 y, roller (1.5 mm assumed), 5 monthly.
    "dogra2014": {
        "patient": {"age_years": 29, "sex": "female", "fitzpatrick": 4, "site": "cheek",
                    "condition": "acne_scars", "scar_type": "mixed"},
        "protocol": {"sessions": 5, "interval_days": 30, "device": "roller",
                     "needle_length_mm": 1.5, "passes": 15},
    },
    # Al Chalabi 2020: severe acne scars (Goodman-Baron 3-4), dark skin, Dermapen, 4 sessions
    # 6 weeks apart, read at the end of the sessions. Depth (1.5 mm), passes (4), age (25)
    # and phototype (IV) are assumptions; the abstract gives none.
    "alchalabi2020": {
        "patient": {"age_years": 25, "sex": "female", "fitzpatrick": 4, "site": "cheek",
                    "condition": "acne_scars", "scar_type": "mixed"},
        "protocol": {"sessions": 4, "interval_days": 42, "device": "pen",
                     "needle_length_mm": 1.5, "passes": 4},
    },
    # Naspolini 2019: striae alba, 5 sessions monthly (device and depth assumed: 2 mm roller).
    "naspolini2019": {
        "patient": {"age_years": 30, "sex": "female", "fitzpatrick": 3, "site": "abdomen",
                    "condition": "striae"},
        "protocol": {"sessions": 5, "interval_days": 30, "device": "roller",
                     "needle_length_mm": 2.0, "passes": 15},
    },
    # The same protocol with a pen at the same depth: the abstract names no device; the
    # downtime target is fitted to the pen's (validation/healing.py, NASPOLINI_DEVICES).
    "naspolini2019_pen": {
        "patient": {"age_years": 30, "sex": "female", "fitzpatrick": 3, "site": "abdomen",
                    "condition": "striae"},
        "protocol": {"sessions": 5, "interval_days": 30, "device": "pen",
                     "needle_length_mm": 2.0, "passes": 4},
    },
    # Fabbrocini 2014: phototypes I-VI, 3 sessions monthly (1.5 mm roller assumed).
    "fabbrocini2014": {
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek",
                    "condition": "photoaging"},
        "protocol": {"sessions": 3, "interval_days": 30, "device": "roller",
                     "needle_length_mm": 1.5, "passes": 15},
    },
    # El-Domyati 2015a/b: 6 sessions at 2-week intervals (1.5 mm pen assumed), age 40 assumed.
    "eldomyati2015": {
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek",
                    "condition": "photoaging"},
        "protocol": {"sessions": 6, "interval_days": 14, "device": "pen",
                     "needle_length_mm": 1.5, "passes": 4},
    },
}


def protocol_scenario(name: str, params: ParameterSet | None = None, **protocol_changes):
    data = {key: dict(value) for key, value in PROTOCOLS[name].items()}
    data["protocol"].update(protocol_changes)
    return build_scenario(data, params)


@lru_cache(maxsize=32)
def protocol_injuries(name: str, changes: tuple = ()):
    """(skin, sessions, injuries) of a literature protocol; cached (the channel stages do not
    depend on healing parameters)."""
    params = default_parameters()
    prepared = prepare(protocol_scenario(name, params, **dict(changes)), params)
    sessions = [run.session for run in prepared.runs]
    return prepared.skin, sessions, injuries_of(prepared.runs, params)
