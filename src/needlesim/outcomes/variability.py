"""How one patient differs from the typical patient: a single standard normal ``z`` per
patient (how responsive this patient's skin is) scales the parameters below by
``exp(s z)``, each with its own log standard deviation ``s`` (a model parameter):

* the collagen synthesis scale: patients lay down more or less collagen per session;
* the largest scar improvement: some scars remodel further than others (tethering,
  depth, type within the mixed population). Trials report 70 to 100 % of patients rated
  good or excellent beside mean score changes of 30 to 50 %, more spread than the
  collagen response alone gives once the scar map saturates.

* the pigment response (``outcomes/pigment.py``): how much the melanin of this patient
  falls with needling and with an inhibitor of melanogenesis.

The same ``z`` moves all of them (a responsive patient is responsive in each). Used by the
cohort's patients, the ensemble intervals, the published-data predictions and the joint
calibration, all through :func:`patient_values`.
"""

from __future__ import annotations

import numpy as np

# parameter scaled -> (parameter holding its log SD, cap on the scaled value or None)
FACTORS = {
    "collagen_synthesis_scale": ("patient_response_sd_log", None),
    "scar_max_improvement_pct": ("patient_scar_response_sd_log", 100.0),
    "pigment_response_scale": ("patient_pigment_response_sd_log", None),  # outcomes/pigment.py
}


def patient_values(value_of, z) -> dict[str, float | np.ndarray]:
    """The scaled parameters (in the file's unit) of a patient with response ``z``;
    ``value_of(name)`` gives a parameter's typical value in the file's unit."""
    out = {}
    for name, (spread, cap) in FACTORS.items():
        value = value_of(name) * np.exp(value_of(spread) * np.asarray(z, float))
        out[name] = np.minimum(value, cap) if cap is not None else value
    return out
