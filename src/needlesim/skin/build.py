"""Build a patient's Skin from the site tables, age, sex, phototype and condition."""

from __future__ import annotations

from needlesim.constants import MM_M
from needlesim.parameters import ParameterSet
from needlesim.scenario.model import Patient
from needlesim.skin.layers import Condition, Skin


def _age_factor(age: float, rate_per_year: float, params: ParameterSet) -> float:
    """Linear thinning after the onset age, relative to the age the site data describe."""
    onset = params.get("thinning_onset_age", "year")
    reference = params.get("thickness_reference_age", "year")
    return (1 + rate_per_year * (max(age, onset) - onset)) / (
        1 + rate_per_year * (max(reference, onset) - onset)
    )


def _density(age: float, reference_age: float, rate_per_year: float, floor: float) -> float:
    return max(floor, 1 + rate_per_year * max(0.0, age - reference_age))


def condition_of(patient: Patient, params: ParameterSet) -> Condition:
    name = patient.condition
    if name == "acne_scars":
        name = f"acne_scars_{patient.scar_type}"
    row = params.condition_row(name)

    def optional(key: str, scale: float) -> float | None:
        return float(row[key]) * scale if row[key] else None

    severity = patient.severity if patient.severity is not None else float(row["default_severity"])
    return Condition(
        name=name,
        severity=severity,
        lesion_depth_m=optional("lesion_depth_mm", MM_M),
        lesion_width_m=optional("lesion_width_mm", MM_M),
        severity_scale=row["severity_scale"],
    )


def build_skin(patient: Patient, params: ParameterSet) -> Skin:
    site, sex, age = patient.site, patient.sex, patient.age_years
    epidermis_rate = params.get(f"epidermis_thinning_rate_{sex}", "1/year")
    dermis_rate = params.get("dermis_thinning_rate", "1/year")
    epidermis = _age_factor(age, epidermis_rate, params)
    dermis_factor = _age_factor(age, dermis_rate, params)

    dermis = params.site(site, "dermis", sex) * dermis_factor
    papillary = min(params.site(site, "papillary_dermis", sex) * dermis_factor, 0.5 * dermis)
    thickness = {
        "stratum_corneum": params.site(site, "stratum_corneum", sex),
        "viable_epidermis": params.site(site, "viable_epidermis", sex) * epidermis,
        "papillary_dermis": papillary,
        "reticular_dermis": dermis - papillary,
        "hypodermis": params.site(site, "hypodermis", sex),
    }
    dej = thickness["stratum_corneum"] + thickness["viable_epidermis"]
    floor = params.get("minimum_relative_density")
    return Skin(
        site=site,
        sex=sex,
        age_years=age,
        fitzpatrick=patient.fitzpatrick,
        thickness_m=thickness,
        bone_backing=bool(params.site(site, "bone_backing", sex)),
        capillary_loop_depth_m=dej + params.get("capillary_loop_apex_below_dej"),
        collagen_relative=_density(
            age, params.get("collagen_reference_age", "year"),
            params.get("collagen_decline_rate", "1/year"), floor,
        ),
        elastin_relative=_density(
            age, params.get("elastin_decline_onset_age", "year"),
            params.get("elastin_decline_rate", "1/year"), floor,
        ),
        condition=condition_of(patient, params),
    )
