"""Small virtual experiments that stand for the conditions of the literature targets."""

from __future__ import annotations

from needlesim.parameters import ParameterSet, default_parameters
from needlesim.prepare import run_session
from needlesim.scenario import build_scenario, session_plan
from needlesim.skin import build_skin
from needlesim.stages import SessionRun


def one_session(
    device: str,
    needle_length_mm: float,
    site: str = "upper_arm",
    age_years: float = 30,
    fitzpatrick: int = 2,
    passes: int = 1,
    occluded: bool = False,
    area_cm2: float = 4.0,
    pressure: str = "moderate",
    seed: int = 1,
    params: ParameterSet | None = None,
) -> SessionRun:
    """One session on a small area, for comparison with a measurement."""
    params = params or default_parameters()
    scenario = build_scenario(
        {
            "seed": seed,
            "patient": {"age_years": age_years, "sex": "female", "fitzpatrick": fitzpatrick,
                        "site": site},
            "protocol": {"sessions": 1, "interval_days": 28, "device": device,
                         "needle_length_mm": needle_length_mm, "passes": passes,
                         "occluded": occluded, "area_cm2": area_cm2, "pressure": pressure},
        },
        params,
    )
    skin = build_skin(scenario.patient, params)
    return run_session(session_plan(scenario.protocol)[0], skin, seed, params)
