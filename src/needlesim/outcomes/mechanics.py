"""What skin elasticity devices and pore imaging read off the dermis the healing model builds.

Inputs are the tissue changes of ``outcomes.clinical.tissue_changes`` (fractions against
the untreated patient on the same day, arrays over time and patients) and the patient's
age on each day. docs/healing.md ("Elasticity, firmness and pores") derives each map and
names its sources; in short:

* **Gross elasticity, Cutometer R2** (Ua/Uf, the share of a suction deformation the skin
  recovers): cross-sectional studies show R2 falling steadily with age while the dermis
  loses collagen and elastin. The map reads that relation backwards: the treated dermis's
  weighted collagen and elastin is given the age at which the untreated baseline holds as
  much (``skin_age.matrix_age``), and R2 is the R2 of that age on the age line of
  ``r2_decline_rate``. A matrix beyond the young adult's reads as the young adult's R2.
  Collagen counts once mature (cross-linked collagen I): the collagen III and immature
  collagen I of the first weeks are a provisional matrix that adult skin does not hold.
* **Firmness, Cutometer R0** (the deformation under suction; lower R0 = firmer): the
  deformation of a layer under a load is inversely proportional to its stiffness, and the
  dermis's stiffness follows its mature, cross-linked collagen. Firmness (1/R0) changes
  with the dermis's mature collagen I, counted up to the young adult's level.
* **Skin age** (``skin_age.py``): the years by which the dermis's mature collagen is
  younger than the patient's age on the untreated baseline.
* **Pore area**: a pore's visible opening is the follicle's ostium stretched open by the
  skin's tension against the support of the dermis around it. The stretch falls in
  proportion to that support (papillary collagen and elastin), so the area is
  ``((1 + s / support) / (1 + s))**2`` of the untreated one, ``s`` the untreated stretch.
"""

from __future__ import annotations

import numpy as np

from needlesim.healing.baseline import AgeBaseline
from needlesim.outcomes.skin_age import matrix_age, skin_age_years_gained
from needlesim.parameters import ParameterSet

MECHANICS_KEYS = ("elasticity_r2_change_pct", "firmness_r0_change_pct", "pore_area_change_pct",
                  "skin_age_years_gained")


def age_baseline(params: ParameterSet) -> AgeBaseline:
    """The ageing baseline of the healing model (collagen and elastin do not depend on sex;
    the sex only sets the epidermis, which these maps do not read)."""
    return AgeBaseline(params, np.array(["female"]))


def _weights(params: ParameterSet) -> tuple[float, float]:
    return params.get("elasticity_collagen_weight"), params.get("elasticity_elastin_weight")


def r2_relative(age_years, params: ParameterSet):
    """R2 at ``age_years`` relative to R2 at the reference age (the age line of the
    cross-sectional data; flat before the reference age)."""
    reference = params.get("r2_reference_age", "year")
    rate = params.get("r2_decline_rate", "1/year")
    return 1.0 + rate * np.maximum(np.asarray(age_years, float) - reference, 0.0)


def elasticity_r2_change(collagen_change, elastin_change, age_years, params: ParameterSet,
                         baseline: AgeBaseline | None = None):
    """Relative change of Cutometer R2 (fraction) of a dermis whose collagen and elastin
    differ by the given fractions from the untreated one at ``age_years``."""
    baseline = baseline or age_baseline(params)
    w_c, w_e = _weights(params)
    age = np.asarray(age_years, float)
    treated = (w_c * baseline.collagen(age)[0] * (1.0 + np.asarray(collagen_change, float))
               + w_e * baseline.elastin(age)[0] * (1.0 + np.asarray(elastin_change, float))
               ) / (w_c + w_e)
    equivalent = matrix_age(treated, age, baseline, w_c, w_e)
    return r2_relative(equivalent, params) / r2_relative(age, params) - 1.0


def firmness_change(mature_collagen_change, age_years, params: ParameterSet,
                    baseline: AgeBaseline | None = None):
    """Relative change of firmness (1/R0, fraction; positive = firmer) from the change of
    the dermis's mature collagen I, a gain counted up to the young adult's level."""
    baseline = baseline or age_baseline(params)
    ceiling = 1.0 / baseline.collagen(np.asarray(age_years, float))[0]
    return np.minimum(1.0 + np.asarray(mature_collagen_change, float), ceiling) - 1.0


def pore_area_change(collagen_change, elastin_change, params: ParameterSet):
    """Relative change of the visible pore area (fraction) from the papillary collagen and
    elastin changes that support the follicle's opening."""
    w_c, w_e = _weights(params)
    stretch = params.get("pore_opening_stretch")
    support = 1.0 + (w_c * np.asarray(collagen_change, float)
                     + w_e * np.asarray(elastin_change, float)) / (w_c + w_e)
    support = np.maximum(support, 1e-6)
    return ((1.0 + stretch / support) / (1.0 + stretch)) ** 2 - 1.0


def mechanics_outcomes(changes: dict, params: ParameterSet, age_years) -> dict[str, np.ndarray]:
    """Elasticity, firmness, pore area and skin age from ``tissue_changes`` output;
    ``age_years`` broadcasts against the changes (the patient's age on each day)."""
    baseline = age_baseline(params)
    age = np.broadcast_to(np.asarray(age_years, float), np.shape(changes["collagen_dermis"]))
    mature = changes["collagen_I_mature"]
    r2 = elasticity_r2_change(mature, changes["elastin_dermis"], age, params, baseline)
    return {
        "elasticity_r2_change_pct": 100 * r2,
        "firmness_r0_change_pct": 100 * firmness_change(mature, age, params, baseline),
        "pore_area_change_pct": 100 * pore_area_change(changes["collagen_total"],
                                                       changes["elastin"], params),
        "skin_age_years_gained": skin_age_years_gained(mature, age, baseline),
    }

