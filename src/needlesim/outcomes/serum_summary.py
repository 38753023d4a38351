"""The summary's record of what each session's serum did to healing
(``healing.active_effects``; docs/summary.md)."""

from __future__ import annotations

from needlesim.healing.actives import session_effects
from needlesim.healing.injury import SessionInjury
from needlesim.parameters import ParameterSet


def active_effects_summary(injuries: list[SessionInjury], params: ParameterSet
                           ) -> list[dict | None]:
    """Per session: the serum's active, its effect kind, the dermal exposure and the effect
    it had on the cascade; None for a session without a serum."""
    out: list[dict | None] = []
    for effect in session_effects(injuries, params):
        if effect is None:
            out.append(None)
            continue
        out.append({
            "active": effect.active,
            "effect": effect.effect,
            "papillary_exposure_ug_per_ml": float(effect.exposure_ug_per_ml[1]),
            "growth_factor_activity": float(effect.growth_factor[1]),
            "collagen_synthesis_factor": effect.synthesis_factor,
        })
    return out
