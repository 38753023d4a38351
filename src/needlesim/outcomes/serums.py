"""The sessions' injuries with the effect of their serum: the one place where the transport's
exposure (``needlesim.transport.exposure``) is handed to healing as numbers
(``needlesim.healing.actives.SerumExposure``). Used by the healing stage, the cohort batch
and the validation, so that all of them see the same serum effects."""

from __future__ import annotations

from needlesim.healing.actives import SerumExposure, with_serums
from needlesim.healing.injury import SessionInjury, injuries_of
from needlesim.transport.exposure import ActiveExposure, exposures_of

# the cascade's compartments as the transport names its layers
COMPARTMENT_LAYERS = ("viable_epidermis", "papillary_dermis", "reticular_dermis")


def serum_exposure(exposure: ActiveExposure | None) -> SerumExposure | None:
    if exposure is None:
        return None
    return SerumExposure(exposure.active, tuple(float(exposure.mean_ug_per_ml[layer])
                                                for layer in COMPARTMENT_LAYERS))


def session_injuries(prepared) -> list[SessionInjury]:
    """Every session's injury with its serum's exposure (none without a serum); the effect
    follows from the parameters of the patient it is simulated for."""
    injuries = injuries_of(prepared.runs, prepared.params)
    return with_serums(injuries, [serum_exposure(e) for e in exposures_of(prepared)])
