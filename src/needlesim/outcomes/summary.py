"""The summary section of the healing stage: outcomes at each report day, downtime, risks.

Shared by the pipeline stage (``outcomes/stage.py``) and the cohort batch
(``needlesim/batch.py``), so that both report the same numbers.
"""

from __future__ import annotations

from needlesim.constants import CM2_M2, MM_M
from needlesim.outcomes.risks import risks
from needlesim.outcomes.serum_summary import active_effects_summary
from needlesim.parameters.conditions import (
    condition_outcomes,
    condition_specific_outcomes,
    scar_kind,
    striae_colour,
)

SUMMARY_KEYS = {
    "collagen_I_change_pct": "collagen_I",
    "collagen_III_change_pct": "collagen_III",
    "collagen_VII_change_pct": "collagen_VII",
    "elastin_change_pct": "elastin",
    "tropoelastin_change_pct": "tropoelastin",
    "epidermal_thickness_change_pct": "epidermal_thickness",
}
CLINICAL_KEYS = ("dermal_density_change_pct", "elasticity_change_pct", "scar_score_change_pct",
                 "wrinkle_grade_change", "texture_change_pct", "elasticity_r2_change_pct",
                 "firmness_r0_change_pct", "pore_area_change_pct", "skin_age_years_gained",
                 "striae_width_change_pct")
# Pigment and tone (outcomes/pigment.py): the melanin index for everyone, MASI for melasma.
CLINICAL_KEYS += ("melanin_index_change_pct", "masi_change_pct")


def scar_condition(skin) -> tuple[str, bool]:
    """The scar kind the scar map reads (acne scar type, ``varicella``, ``surgical``), and
    whether the scar score applies to the patient's condition at all."""
    kind = scar_kind(skin.condition.name)
    return (kind, True) if kind else ("mixed", False)


def outcome_options(skin) -> tuple[str, float, str | None]:
    """Scar kind, wrinkle severity and striae colour (None without striae) the clinical maps
    read for this patient."""
    severity = skin.condition.severity if skin.condition.name == "wrinkles" else 3.0
    return scar_condition(skin)[0], severity, striae_colour(skin.condition.name)


def applicable_keys(skin) -> tuple[str, ...]:
    """The outcome keys of this patient's condition: the general ones, and those of its
    condition (conditions.csv); the others are left out of the summary, not flagged."""
    own = set(condition_outcomes(skin.condition.name))
    specific = condition_specific_outcomes()
    return tuple(SUMMARY_KEYS) + tuple(k for k in CLINICAL_KEYS if k not in specific or k in own)


def day_summary(series, day, patient=0, keys=None) -> dict:
    """Tissue changes (%) and clinical endpoints of one patient of ``series`` at ``day``
    (``keys``: the outcome keys to report, by default all)."""
    out = {}
    for key, change in SUMMARY_KEYS.items():
        if keys is None or key in keys:
            out[key] = 100 * float(series.at(day, change)[patient])
    for key in CLINICAL_KEYS:
        if keys is None or key in keys:
            out[key] = float(series.at(day, key)[patient])
    return out


def series_summary(series, report_days, skin, sessions, params, injuries) -> dict:
    """The healing stage's summary section of one patient (patient 0 of ``series``), without
    the ensemble intervals."""
    keys = applicable_keys(skin)
    at_day = {str(int(day)): day_summary(series, day, keys=keys) for day in report_days}
    return {
        "downtime_days": float(series.downtime_days[:, 0].mean()),
        "downtime_days_per_session": [float(d) for d in series.downtime_days[:, 0]],
        "at_day": at_day,
        "risks": risks(sessions, skin, float(series.burden_days[0]), params),
        "healing": {
            "damage_by_compartment_first_session": [float(v) for v in injuries[0].damage],
            "injured_fraction_by_compartment_first_session": [
                float(v) for v in injuries[0].injured_fraction],
            "injured_volume_mm3_per_cm2_first_session":
                injuries[0].injured_volume_m3_per_m2 * CM2_M2 / MM_M**3,
            "model": "kinetic cascade per compartment (docs/healing.md)",
            "active_effects": active_effects_summary(injuries, params),
        },
    }
