"""The untreated, ageing baseline the treatment works against.

Collagen and elastin densities follow the same linear age decline as ``skin/build.py``
(relative to a young adult, with a floor); the epidermal thickness follows the sex-specific
thinning rate relative to the patient's thickness on day 0. Vectorised over patients:
``age_years`` is an array, ``t_day`` a scalar. Each function returns (value, d value/dt
per day) so that the kinetic model can hold the untreated state exactly on the baseline.
"""

from __future__ import annotations

import numpy as np

from needlesim.constants import YEAR_DAYS
from needlesim.parameters import ParameterSet


def _linear_decline(age, reference, rate_per_year, floor):
    value = 1 + rate_per_year * np.maximum(0.0, age - reference)
    slope = np.where((age > reference) & (value > floor), rate_per_year / YEAR_DAYS, 0.0)
    return np.maximum(floor, value), slope


class AgeBaseline:
    def __init__(self, params: ParameterSet, sex: np.ndarray):
        self.floor = params.get("minimum_relative_density")
        self.collagen_reference = params.get("collagen_reference_age", "year")
        self.collagen_rate = params.get("collagen_decline_rate", "1/year")
        self.elastin_onset = params.get("elastin_decline_onset_age", "year")
        self.elastin_rate = params.get("elastin_decline_rate", "1/year")
        self.onset = params.get("thinning_onset_age", "year")
        rates = {s: params.get(f"epidermis_thinning_rate_{s}", "1/year") for s in ("female", "male")}
        self.epidermis_rate = np.where(np.asarray(sex) == "male", rates["male"], rates["female"])
        self.fibroblast_reference = params.get("fibroblast_age_reference", "year")
        self.fibroblast_rate = params.get("fibroblast_age_decline", "1/year")
        self.fibroblast_floor = params.get("fibroblast_age_floor")

    def collagen(self, age):
        return _linear_decline(age, self.collagen_reference, self.collagen_rate, self.floor)

    def elastin(self, age):
        return _linear_decline(age, self.elastin_onset, self.elastin_rate, self.floor)

    def epidermis(self, age, age0):
        """Epidermal thickness relative to day 0 and its rate of change."""
        r = self.epidermis_rate
        start = 1 + r * (np.maximum(age0, self.onset) - self.onset)
        now = 1 + r * (np.maximum(age, self.onset) - self.onset)
        slope = np.where(age > self.onset, r / YEAR_DAYS, 0.0) / start
        return now / start, slope

    def fibroblast_responsiveness(self, age):
        """Collagen synthesis capacity of fibroblasts relative to young donors (Varani 2006)."""
        value = 1 + self.fibroblast_rate * np.maximum(0.0, age - self.fibroblast_reference)
        return np.maximum(self.fibroblast_floor, value)
