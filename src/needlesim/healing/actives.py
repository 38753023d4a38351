"""Serum actives that act on healing: effect models fed by exposure concentrations.

Healing stays independent of transport: the models read numbers, the mean concentration
of the active in each compartment over the first day after the serum went on
(``SerumExposure``; the outcomes stage fills it from ``needlesim.transport.exposure``).
Two kinds of effect (``parameters/data/active_effects.csv`` says which active has which,
and why the others have none):

* ``growth_factor`` (PRP, EGF): an exogenous growth-factor activity held in each dermal
  compartment, ``g_k = g_max c_k / (EC50 + c_k)`` (Emax in the compartment's exposure
  ``c_k``), for about the exposure window (``serum_growth_factor_residence_time``); it
  activates fibroblasts like the cascade's own growth factor. ``g_max`` is fitted to the
  split-face calibration rows (``needlesim.calibration.serums``).
* ``collagen_cofactor`` (vitamin C): collagen synthesis multiplied by
  ``1 + b_max c_k / (EC50 + c_k)`` while the tissue level lasts (half-life
  ``vitamin_c_tissue_half_life``); modest, as skin of a well-fed adult is ascorbate replete.

Both effects are zero at zero exposure and grow monotonically with it; the integrator
adds them as production terms (never a loss), so positivity holds
(``exponential_heun.serum_inputs``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from needlesim.healing.injury import SessionInjury
from needlesim.healing.rhs import DERMAL
from needlesim.healing.species import COMPARTMENTS
from needlesim.parameters import ParameterSet
from needlesim.parameters.active_effects import effect_of


@dataclass(frozen=True)
class SerumExposure:
    """A session's serum as numbers: mean concentration [ug/mL] over the first day in the
    viable epidermis, papillary and reticular dermis (the cascade's compartments)."""

    active: str  # canonical name (actives.csv)
    concentration_ug_per_ml: tuple[float, float, float]


@dataclass(frozen=True)
class SerumEffect:
    """What a session's serum does to the cascade."""

    active: str
    effect: str  # growth_factor | collagen_cofactor | none
    exposure_ug_per_ml: np.ndarray  # (compartment,) the exposure it was computed from
    growth_factor: np.ndarray  # (compartment,) exogenous growth-factor activity held
    synthesis_boost: np.ndarray  # (compartment,) extra collagen synthesis (fraction)

    @property
    def synthesis_factor(self) -> float:
        """Multiplier of collagen synthesis in the papillary dermis at the session."""
        return float(1.0 + self.synthesis_boost[1])


NO_EFFECT = np.zeros(len(COMPARTMENTS))


def occupancy(concentration, ec50):
    """Emax occupancy ``c / (EC50 + c)``: 0 at no exposure, rising to 1, never decreasing."""
    c = np.maximum(np.asarray(concentration, float), 0.0)
    return c / (ec50 + c)


def serum_effect(exposure: SerumExposure, params: ParameterSet) -> SerumEffect:
    entry = effect_of(exposure.active)
    c = np.asarray(exposure.concentration_ug_per_ml, float)
    growth, boost = NO_EFFECT.copy(), NO_EFFECT.copy()
    if entry.effect == "growth_factor":
        share = occupancy(c, params.get(entry.potency, "ug/mL"))
        growth = params.get("growth_factor_serum_max_activity") * share * DERMAL
    elif entry.effect == "collagen_cofactor":
        share = occupancy(c, params.get(entry.potency, "ug/mL"))
        boost = params.get("vitamin_c_collagen_max_boost") * share * DERMAL
    return SerumEffect(exposure.active, entry.effect, c, growth, boost)


def with_serums(injuries: list[SessionInjury], exposures) -> list[SessionInjury]:
    """The sessions' injuries with their serum exposure (``exposures``: per session a
    ``SerumExposure`` or None)."""
    return [injury if exposure is None else replace(injury, serum=exposure)
            for injury, exposure in zip(injuries, exposures, strict=True)]


def session_effects(injuries: list[SessionInjury], params: ParameterSet) -> list[SerumEffect | None]:
    """Per session the effect of its serum under ``params`` (None without a serum)."""
    return [None if i.serum is None else serum_effect(i.serum, params) for i in injuries]


def serum_arrays(injuries: list[SessionInjury], params: ParameterSet):
    """(growth-factor activity, collagen-synthesis boost), each (session, compartment), of a
    patient's sessions; zeros for a session without a serum."""
    growth = np.zeros((len(injuries), len(COMPARTMENTS)))
    boost = np.zeros_like(growth)
    for j, effect in enumerate(session_effects(injuries, params)):
        if effect is not None:
            growth[j], boost[j] = effect.growth_factor, effect.synthesis_boost
    return growth, boost
