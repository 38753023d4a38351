"""Targets on the general skin-quality readouts (``targets_healing.csv``): trials that
report pores only as a direction (a significant fall, or a share of patients improved)
give the sign of ``pore_area_change_pct`` after their series, and the pore changes
measured after comparable collagen-inducing treatments (a non-ablative fractional laser,
monopolar radiofrequency) bound the size a full needling series reaches.

Both trials used microneedle radiofrequency: needles and heat. The model simulates the
needle channels only, so a sign check asks whether needling alone moves pores the way
the trial saw; it is conservative, since the heat adds injury. Settings the abstracts do
not give follow the published-data table's rules (``validation/literature.py``: the
microneedle-radiofrequency hand piece is a stamp, 1.5 mm, 4 passes, monthly sessions),
written beside each protocol. Signs follow ``validation/healing.py`` (+1 / -1, 0 when a
finding does not hold at every time point; tolerance 0.5).
"""

from __future__ import annotations

from needlesim.validation.registry import computes
from needlesim.validation.trial_series import sign_at_every_day, values_on_days

STAMP = {"device": "stamp", "needle_length_mm": 1.5, "passes": 4, "interval_days": 30}
# Nilforoushzadeh 2020: 20 women, mean age 51.9, phototypes III-VI (III taken), six
# sessions, read three months after the last: 5 x 30 + 90 days.
NILFOROUSHZADEH2020 = ({"age_years": 52, "site": "cheek", "condition": "photoaging"},
                       {"sessions": 6, **STAMP}, (240.0,))
# Cho 2012: 30 patients with acne scars and large facial pores; the number of sessions and
# the time of the reading are not in the abstract: the table's 3 sessions, a month later.
CHO2012 = ({"age_years": 27, "site": "cheek", "condition": "acne_scars"},
           {"sessions": 3, **STAMP}, (90.0,))
# A full series without serum: the default scenario's pen (4 monthly sessions, 1.5 mm,
# cheek, 45 y), read about 3 months after the last session (day 84 + 96).
PEN_SERIES = ({"age_years": 45, "site": "cheek", "condition": "photoaging"},
              {"sessions": 4, "interval_days": 28, "device": "pen", "needle_length_mm": 1.5,
               "passes": 4}, (180.0,))


@computes("nilforoushzadeh2020_pore_sign")
def nilforoushzadeh2020_pore_sign() -> float:
    return sign_at_every_day(values_on_days(NILFOROUSHZADEH2020, "pore_area_change_pct"))


@computes("cho2012_pore_sign")
def cho2012_pore_sign() -> float:
    return sign_at_every_day(values_on_days(CHO2012, "pore_area_change_pct"))


@computes("collagen_induction_pore_range_pen_series")
def collagen_induction_pore_range_pen_series() -> float:
    return values_on_days(PEN_SERIES, "pore_area_change_pct")[0]
