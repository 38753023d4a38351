"""Numbing before a session: a cream of the catalogue (parameters/data/numbing.csv) on
intact skin for its application time, wiped off before needling.

The anaesthetic's concentration at the nerve endings (``numbing_effective_depth_below_dej``
under the dermal-epidermal junction) against the concentration that blocks pain: the
calibrated ``numbing_threshold_fraction`` of the 4 % lidocaine cream it was fitted with
(docs/transport.md), i.e. one tissue concentration whatever cream delivers it. Reported:

* ``onset_min``: when that concentration is first reached with the cream left on, within
  ``NUMBING_ONSET_HORIZON_S`` (the label's question: how long until numb); null with a
  reason when not reached;
* ``covered_share_of_session``: with the cream wiped off at the end of its application,
  the share of the needling time during which the nerve endings stay above it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from needlesim.constants import HOUR_S, MINUTE_S
from needlesim.parameters import ParameterSet
from needlesim.parameters.numbing import numbing_rows
from needlesim.skin import Skin
from needlesim.transport.outputs import concentration_at, onset_s
from needlesim.transport.physics.formulation import Formulation
from needlesim.transport.physics.molecules import PERCENT_KG_M3, load_active
from needlesim.transport.resolutions import intact_solution, make_setup

NUMBING_ONSET_HORIZON_S = 4 * HOUR_S  # the longest application a scenario may ask for
UL_PER_CM2_M = 1e-5  # 1 uL/cm2 = 1e-9 m3 / 1e-4 m2
SAMPLES = 61  # points over the needling time for the covered share


def default_application_min(product: str) -> float:
    return float(numbing_rows()[product]["application_min"])


def _formulation(row: dict, contact_s: float | None) -> Formulation:
    return Formulation(concentration_kg_m3=float(row["concentration_percent"]) * PERCENT_KG_M3,
                       dose_volume_m3_per_m2=float(row["dose_uL_per_cm2"]) * UL_PER_CM2_M,
                       vehicle=row["vehicle"], occluded=row["occluded"] == "yes", contact_s=contact_s)


def numbing_summary(skin: Skin, product: str, application_min: float | None,
                    session_s: float, params: ParameterSet) -> dict:
    """The summary's ``numbing`` section for ``product`` on ``skin`` before a session whose
    needling lasts ``session_s``."""
    row = numbing_rows()[product]
    params.registry.use(row["source"])
    applied_s = (application_min if application_min is not None
                 else default_application_min(product)) * MINUTE_S
    active = load_active(row["active"], params)
    depth = skin.dej_depth_m + params.get("numbing_effective_depth_below_dej")
    threshold = params.get("numbing_threshold_fraction") * active.default_concentration_kg_m3

    left_on = intact_solution(make_setup(skin, active, _formulation(row, None), params,
                                         t_end_s=NUMBING_ONSET_HORIZON_S))
    onset = onset_s(left_on, depth, threshold)

    end_s = applied_s + max(session_s, 1.0)
    stops = tuple(np.linspace(applied_s, end_s, 7))  # resolve the needling time
    setup = make_setup(skin, active, _formulation(row, applied_s), params, t_end_s=end_s)
    wiped = intact_solution(replace(setup, stops_s=stops))
    during = np.linspace(applied_s, end_s, SAMPLES)
    level = np.interp(during, wiped.times_s, concentration_at(wiped, depth))
    out = {
        "product": product,
        "active": active.name,
        "applied_min": applied_s / MINUTE_S,
        "onset_min": onset / MINUTE_S if np.isfinite(onset) else None,
        "covered_share_of_session": float(np.mean(level >= threshold)),
        "nerve_level_at_needling_over_threshold": float(level[0] / threshold),
    }
    if out["onset_min"] is None:
        out["onset_min_null_reason"] = (
            f"the numbing threshold is not reached through intact skin within "
            f"{NUMBING_ONSET_HORIZON_S / HOUR_S:g} h of the cream left on")
    return out
