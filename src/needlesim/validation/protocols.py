"""Published treatment series that healing checks run as virtual experiments through the
pipeline's channel stages (the published-data table builds its own from its rows:
``validation/literature.py``).

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
    # Dogra 2014: acne scars, phototype IV-V, 18-40 y, roller (1.5 mm assumed), 5 monthly.
    "dogra2014": {
        "patient": {"age_years": 29, "sex": "female", "fitzpatrick": 4, "site": "cheek",
                    "condition": "acne_scars", "scar_type": "mixed"},
        "protocol": {"sessions": 5, "interval_days": 30, "device": "roller",
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
