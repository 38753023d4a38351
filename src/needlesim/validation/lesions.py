"""Targets on the lesion maps (``targets_healing.csv``): stretch marks narrow and their
matrix grows in the trials' series, red striae respond more than white ones, and the scar
score by scar type keeps the published order (docs/outcomes_by_condition.md).

Signs follow ``validation/healing.py`` (+1 / -1, 0 when a finding does not hold at every
time point; tolerance 0.5). Settings a paper does not give follow the published-data
table's rules (``validation/literature.py``: a 1.5 mm roller, 15 passes), written beside
each protocol.
"""

from __future__ import annotations

import numpy as np

from needlesim.validation.registry import computes
from needlesim.validation.trial_series import sign_at_every_day, values_on_days

ROLLER = {"device": "roller", "needle_length_mm": 1.5, "passes": 15}  # the table's rules
# NCT03390439: 20 women, striae alba, split abdomen, 5 monthly sessions; biopsies after
# the 3rd and 5th, read a month after each; the pen is the table's choice for this trial.
NCT03390439 = ({"age_years": 30, "site": "abdomen", "condition": "striae_alba"},
               {"sessions": 5, "interval_days": 30, "device": "pen", "needle_length_mm": 1.5,
                "passes": 4}, (90.0, 150.0))
# Shiraz 2022: 40 patients (mean age 28.1), striae alba, 4 monthly sessions, 6 months later.
SHIRAZ2022 = ({"age_years": 28, "site": "abdomen", "condition": "striae_alba"},
              {"sessions": 4, "interval_days": 30, **ROLLER}, (270.0,))
# Mohamed Ali 2017: at least 6 sessions 2 weeks apart, 3 months of follow-up.
MOHAMEDALI2017 = ({"age_years": 30, "site": "abdomen"},
                  {"sessions": 6, "interval_days": 14, **ROLLER}, (160.0,))
# Garg & Chaudhary: dermaroller, 3 sessions 4 weeks apart, read 6 months after the last.
GARG = ({"age_years": 27, "site": "cheek", "condition": "acne_scars"},
        {"sessions": 3, "interval_days": 28, **ROLLER}, (236.0,))


@computes("nct03390439_striae_matrix_sign")
def nct03390439_striae_matrix_sign() -> float:
    """Collagen and elastin of the striae's dermis after the 3rd and 5th sessions."""
    return sign_at_every_day(values_on_days(NCT03390439, "collagen_dermis")
                             + values_on_days(NCT03390439, "elastin_dermis"))


@computes("shiraz2022_striae_alba_width_sign")
def shiraz2022_striae_alba_width_sign() -> float:
    return sign_at_every_day(values_on_days(SHIRAZ2022, "striae_width_change_pct"))


@computes("mohamedali2017_rubra_vs_alba_sign")
def mohamedali2017_rubra_vs_alba_sign() -> float:
    """+1 when red striae narrow more than white ones."""
    rubra = values_on_days(MOHAMEDALI2017, "striae_width_change_pct", condition="striae_rubra")[0]
    alba = values_on_days(MOHAMEDALI2017, "striae_width_change_pct", condition="striae_alba")[0]
    return float(np.sign(alba - rubra))


def _garg_ratio(scar_type: str) -> float:
    score = values_on_days(GARG, "scar_score_change_pct", scar_type=scar_type)[0]
    return score / values_on_days(GARG, "scar_score_change_pct", scar_type="boxcar")[0]


computes("garg_icepick_vs_boxcar_scar_ratio")(lambda: _garg_ratio("icepick"))
computes("garg_rolling_vs_boxcar_scar_ratio")(lambda: _garg_ratio("rolling"))
