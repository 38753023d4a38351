"""What a transport run gives: amounts over time (donor, skin, lost, crossed each depth),
with the bookkeeping that checks the mass balance."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

# the fields that hold amounts [kg] (they scale with the area)
AMOUNT_FIELDS = ("donor_kg", "skin_kg", "cleared_kg", "degraded_kg", "sink_kg", "wiped_kg",
                 "surface_in_kg", "depth_mass_kg", "entered_below_kg")


@dataclass
class Solution:
    times_s: np.ndarray  # (nt,) including 0
    z_faces: np.ndarray
    area_m2: float
    dose_kg: float  # finite dose; for an infinite dose, what crossed the surface
    donor_kg: np.ndarray  # (nt,)
    skin_kg: np.ndarray  # (nt,)
    cleared_kg: np.ndarray
    degraded_kg: np.ndarray  # in skin and in the donor
    sink_kg: np.ndarray
    wiped_kg: np.ndarray
    surface_in_kg: np.ndarray  # cumulative flux from the donor into the skin
    depth_mass_kg: np.ndarray  # (nt, nz) mass in each depth cell (all columns)
    entered_below_kg: np.ndarray  # (nt, nz + 1) cumulative amount that crossed each face

    def for_area(self, area_m2: float) -> Solution:
        """The same skin's amounts for ``area_m2`` of it (the solution is laterally uniform
        or periodic, so amounts scale with the area)."""
        return replace(self, area_m2=area_m2, dose_kg=self.dose_kg / self.area_m2 * area_m2,
                       **{name: getattr(self, name) / self.area_m2 * area_m2 for name in AMOUNT_FIELDS})

    def entered_below(self, depth_m: float) -> np.ndarray:
        """Cumulative amount per area [kg/m2] that crossed the plane at ``depth_m`` (a face)."""
        index = int(np.argmin(np.abs(self.z_faces - depth_m)))
        return self.entered_below_kg[:, index] / self.area_m2

    def concentration(self) -> np.ndarray:
        """Laterally averaged tissue concentration [kg/m3] (nt, nz)."""
        return self.depth_mass_kg / (self.area_m2 * np.diff(self.z_faces))[None, :]

    def balance_error_kg(self) -> np.ndarray:
        accounted = (self.donor_kg + self.skin_kg + self.cleared_kg + self.degraded_kg
                     + self.sink_kg + self.wiped_kg)
        if np.isfinite(self.dose_kg) and self.dose_kg > 0:
            return accounted - self.dose_kg
        # infinite dose: what entered must be in the skin or lost from it
        return self.skin_kg + self.cleared_kg + self.degraded_kg + self.sink_kg - self.surface_in_kg
