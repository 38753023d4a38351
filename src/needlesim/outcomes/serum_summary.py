"""The summary's record of what each session's serum did to healing
(``healing.active_effects``; docs/summary.md): one list per quantity, one entry per
session, so that the report's table shows each as a row."""

from __future__ import annotations

from needlesim.healing.actives import session_effects
from needlesim.healing.injury import SessionInjury
from needlesim.parameters import ParameterSet

NO_SERUM = "none"


def active_effects_summary(injuries: list[SessionInjury], params: ParameterSet) -> dict:
    """Per session: the serum's active and effect kind, its mean papillary exposure over the
    first day, the growth-factor activity it held and the collagen-synthesis factor it gave
    (``none``, 0, 0 and 1 for a session without a serum)."""
    effects = session_effects(injuries, params)
    return {
        "active": [NO_SERUM if e is None else e.active for e in effects],
        "effect": [NO_SERUM if e is None else e.effect for e in effects],
        "papillary_exposure_ug_per_ml": [0.0 if e is None else float(e.exposure_ug_per_ml[1])
                                         for e in effects],
        "growth_factor_activity": [0.0 if e is None else float(e.growth_factor[1])
                                   for e in effects],
        "collagen_synthesis_factor": [1.0 if e is None else e.synthesis_factor for e in effects],
    }
