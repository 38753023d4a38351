"""Histology-, ultrasound- and grade-like changes against the untreated patient on the same day.

Inputs are state arrays (time, species, patients, compartments) of the treated and the
untreated patient. Collagen I and III read the whole dermis weighted by thickness (the
dermal remodeling needling aims at: a channel that stops in the papillary dermis leaves
the reticular dermis untouched); the stained papillary collagen of scar histology
(``collagen_total``), collagen VII at the junction, elastin fibres and vessels read the
papillary dermis; ultrasound density and elasticity read the whole dermis. Elasticity,
firmness, pore area and skin age (``outcomes/mechanics.py``) also need the patient's age.
"""

from __future__ import annotations

import numpy as np

from needlesim.healing.species import C1, C1I, C3, C7, EPI, PAP, RET, TE, E, H, V
from needlesim.outcomes.mechanics import mechanics_outcomes
from needlesim.outcomes.scar_geometry import fillable_share
from needlesim.outcomes.striae import striae_width_change_pct
from needlesim.parameters import ParameterSet
from needlesim.parameters.conditions import scar_types

SCAR_TYPES = scar_types()  # conditions.csv


def _ratio(treated, untreated):
    return treated / np.maximum(untreated, 1e-30) - 1.0


def _dermis_weighted(values, weights):
    return (values[..., PAP] * weights[0] + values[..., RET] * weights[1]) / (weights[0] + weights[1])


def tissue_changes(x, u, dermis_thickness_m=(1.0, 1.0)) -> dict[str, np.ndarray]:
    """Relative changes (fractions) by quantity; arrays over (time, patients)."""
    col_t = x[:, C1] + x[:, C1I] + x[:, C3]
    col_u = u[:, C1] + u[:, C1I] + u[:, C3]
    total = _ratio(col_t, col_u)
    elastin = _ratio(x[:, E], u[:, E])
    w = dermis_thickness_m
    return {
        "collagen_I": _dermis_weighted(_ratio(x[:, C1] + x[:, C1I], u[:, C1] + u[:, C1I]), w),
        "collagen_III": _dermis_weighted(_ratio(x[:, C3], u[:, C3]), w),
        "collagen_I_mature": _dermis_weighted(_ratio(x[:, C1], u[:, C1]), w),
        "collagen_VII": _ratio(x[:, C7], u[:, C7])[..., PAP],
        "collagen_total": total[..., PAP],
        "collagen_dermis": _dermis_weighted(total, w),
        "elastin": elastin[..., PAP],
        "elastin_dermis": _dermis_weighted(elastin, w),
        "tropoelastin": _ratio(x[:, TE], u[:, TE])[..., PAP],
        "vessels": _ratio(x[:, V], u[:, V])[..., PAP],
        "epidermal_thickness": _ratio(x[:, H], u[:, H])[..., EPI],
    }


def clinical_changes(changes: dict, params: ParameterSet, scar_type: str = "mixed",
                     wrinkle_severity: float = 3.0, age_years=None,
                     striae_colour: str | None = None) -> dict[str, np.ndarray]:
    """Clinical endpoints from tissue changes (empirical maps; gains fitted or assumed).
    With ``age_years`` (the patient's age on each day, broadcasting against the changes)
    also elasticity, firmness, pore area and skin age; ``elasticity_change_pct`` is then
    the Cutometer R2 change under its device-neutral name. ``scar_type``: the scar kind
    (``parameters.conditions.scar_rows``) whose geometry caps the scar score's improvement;
    ``striae_colour``: rubra, alba or mixed for a patient with striae, whose width map is
    read only then (None: no striae, no width key)."""
    dermis = changes["collagen_dermis"]
    papillary = changes["collagen_total"]
    scar_gain = params.get("scar_response_gain")
    scar_ceiling = params.get("scar_max_improvement_pct") * fillable_share(scar_type)
    wrinkle = -params.get("wrinkle_grade_gain") * np.maximum(dermis, 0.0)
    out = {
        "dermal_density_change_pct": 100 * params.get("ultrasound_collagen_weight") * dermis,
        "scar_score_change_pct": -scar_ceiling * (1 - np.exp(-scar_gain * np.maximum(dermis, 0.0))),
        "wrinkle_grade_change": np.maximum(wrinkle, -wrinkle_severity),
        "texture_change_pct": -100 * (1 - np.exp(-params.get("texture_gain")
                                                 * np.maximum(papillary, 0.0))),
    }
    if age_years is not None:
        out.update(mechanics_outcomes(changes, params, age_years))
        out["elasticity_change_pct"] = out["elasticity_r2_change_pct"]
    if striae_colour is not None:
        out["striae_width_change_pct"] = striae_width_change_pct(changes, params, striae_colour)
    return out
