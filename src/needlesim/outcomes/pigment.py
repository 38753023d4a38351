"""Pigment and tone read off the melanin state: melanin index and, for melasma, MASI.

The melanogenic drive of ``outcomes/melanin.py`` is raised by the series' inflammation
(the redness index that also drives the PIH risk) and lowered while the epidermis holds
an inhibitor of melanogenesis: each session's exposure (``transport/exposure.py``: mean
concentration in the viable epidermis over the first day, where the melanocytes sit)
acts with an Emax law ``Emax c / (c + EC50)`` and fades with
``melanogenesis_inhibition_time`` after the session. Tranexamic acid lowers the
signalling from keratinocytes to melanocytes (plasminogen activator / plasmin
inhibition), vitamin C lowers melanin formation itself (tyrosinase inhibition); both
lower the drive, and two inhibitors act independently.

Readouts (docs/pigment.md):

* ``melanin_index_change_pct``: the treated skin's melanin (a melanin meter reads it
  linearly over this range) against the same skin untreated, for every patient;
* ``masi_change_pct`` (melasma): a lesion holds ``1 + e`` times the melanin of the
  patient's normal skin; its remaining contrast over normal skin is
  ``r = (m (1 + e) - 1) / e`` (0 once it matches normal skin) and MASI scales as
  ``r ** masi_darkness_exponent``;
* ``melanin_contrast_change_pct``: ``r - 1`` in %, what a melanin meter reads as the
  lesion's difference from normal skin (compared with studies, not a summary key).
"""

from __future__ import annotations

import numpy as np

from needlesim.healing.species import EPI, K
from needlesim.outcomes.melanin import inflammatory_drive, integrate_melanin, renewal_factor
from needlesim.parameters import ParameterSet

# Actives with an effect on melanogenesis: canonical name (actives.csv) -> parameter prefix.
INHIBITORS = {"tranexamic_acid": "tranexamic_acid", "ascorbic_acid": "ascorbic_acid"}
PIGMENT_KEYS = ("melanin_index_change_pct", "masi_change_pct", "melanin_contrast_change_pct")


def session_inhibition(active: str, epidermis_ug_per_ml: float, params: ParameterSet) -> float:
    """Share of the melanogenic drive one session's exposure removes at its peak (0 for an
    active without an effect on melanogenesis)."""
    prefix = INHIBITORS.get(active)
    if prefix is None or epidermis_ug_per_ml <= 0:
        return 0.0
    ec50 = params.get(f"{prefix}_melanogenesis_ec50", "ug/mL")
    return (emax_of(prefix, params) * epidermis_ug_per_ml / (epidermis_ug_per_ml + ec50))


def emax_of(prefix: str, params: ParameterSet) -> float:
    """An inhibitor's largest effect for this patient (at most the whole drive)."""
    return min(params.get(f"{prefix}_melanogenesis_emax") * params.get("pigment_response_scale"), 1.0)


def inhibition_series(times_day, exposures, params: ParameterSet) -> np.ndarray:
    """Share of the drive removed over time (time,): each active's sessions add up (capped
    at its Emax), two actives act independently."""
    times = np.asarray(times_day, float)
    tau = params.get("melanogenesis_inhibition_time", "day")
    by_active: dict[str, np.ndarray] = {}
    for exposure in exposures or ():
        if exposure is None or exposure.active not in INHIBITORS:
            continue
        peak = session_inhibition(exposure.active, exposure.epidermis_ug_per_ml, params)
        since = times - exposure.day
        course = np.where(since >= 0, peak * np.exp(-np.maximum(since, 0.0) / tau), 0.0)
        by_active[exposure.active] = by_active.get(exposure.active, 0.0) + course
    remaining = np.ones_like(times)
    for active, total in by_active.items():
        remaining = remaining * (1.0 - np.minimum(total, emax_of(INHIBITORS[active], params)))
    return 1.0 - remaining


def lesion_excess(severity_masi: float | None, params: ParameterSet) -> float:
    """Melanin of a melasma lesion over normal skin, minus one, at this MASI."""
    reference = params.get("melasma_reference_masi")
    if severity_masi is None:
        severity_masi = reference
    return params.get("melasma_lesion_melanin_excess") * float(np.sqrt(max(severity_masi, 0.0) / reference))


def melanin_state(times_day, inflammation, keratinocytes, fitzpatrick, exposures,
                  params: ParameterSet, session_days=()) -> np.ndarray:
    """Relative melanin of the treated skin over (time, patients)."""
    drive = inflammatory_drive(inflammation, fitzpatrick, params)
    drive = drive * (1.0 - inhibition_series(times_day, exposures, params))[:, None]
    return integrate_melanin(times_day, drive, renewal_factor(keratinocytes, params), params,
                             session_days)


def pigment_changes(times_day, states, inflammation, skin, exposures, params: ParameterSet,
                    session_days=()) -> dict[str, np.ndarray]:
    """The pigment readouts over (time, patients) from the cascade's states (time, species,
    patients, compartments) and the area-averaged inflammation (time, patients)."""
    m = melanin_state(times_day, inflammation, states[:, K, :, EPI], skin.fitzpatrick, exposures,
                      params, session_days)
    out = {"melanin_index_change_pct": 100.0 * (m - 1.0)}
    if skin.condition.name == "melasma":
        excess = lesion_excess(skin.condition.severity, params)
        contrast = np.maximum((m * (1.0 + excess) - 1.0) / excess, 0.0)
        out["melanin_contrast_change_pct"] = 100.0 * (contrast - 1.0)
        out["masi_change_pct"] = 100.0 * (contrast ** params.get("masi_darkness_exponent") - 1.0)
    return out
