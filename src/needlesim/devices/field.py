"""PunctureField: every needle landing of a session, and its statistics."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.constants import CM2_M2, MM_M
from needlesim.devices.geometry import Device
from needlesim.devices.neighbours import kth_distance

TARGET_COUNT_PER_CELL = 20  # cells for the uniformity statistic hold about this many punctures


@dataclass(frozen=True)
class PunctureField:
    """Punctures in a square treated area [0, side] x [0, side] (metres, seconds, radians)."""

    x_m: np.ndarray
    y_m: np.ndarray
    t_s: np.ndarray  # time from the start of the session
    nominal_depth_m: np.ndarray  # needle protrusion at this landing
    angle_rad: np.ndarray  # entry angle from the skin normal
    pass_index: np.ndarray
    side_m: float
    device: Device
    passes: int

    @property
    def count(self) -> int:
        return int(self.x_m.size)

    @property
    def area_m2(self) -> float:
        return self.side_m**2

    @property
    def density_per_cm2(self) -> float:
        return self.count / (self.area_m2 / CM2_M2)

    @property
    def duration_s(self) -> float:
        return float(self.t_s.max()) if self.count else 0.0

    def patch_mask(self, size_m: float) -> np.ndarray:
        """Punctures inside a central square patch of the given size."""
        low = (self.side_m - size_m) / 2
        high = low + size_m
        return (self.x_m >= low) & (self.x_m < high) & (self.y_m >= low) & (self.y_m < high)

    def uniformity(self) -> dict[str, float]:
        """Coefficient of variation of counts on a grid, against the Poisson expectation."""
        if self.count == 0:
            return {"cell_mm": float("nan"), "cv": float("nan"), "poisson_cv": float("nan")}
        density = self.count / self.area_m2
        cell = float(np.clip(np.sqrt(TARGET_COUNT_PER_CELL / density), 0.5e-3, 10e-3))
        cells = max(1, int(self.side_m // cell))
        edge = cells * cell
        counts, _, _ = np.histogram2d(
            self.x_m, self.y_m, bins=cells, range=[[0, edge], [0, edge]]
        )
        mean = counts.mean()
        return {
            "cell_mm": cell / MM_M,
            "cv": float(counts.std() / mean) if mean > 0 else float("nan"),
            "poisson_cv": float(1 / np.sqrt(mean)) if mean > 0 else float("nan"),
            "empty_cell_fraction": float(np.mean(counts == 0)),
        }

    def nearest_neighbour_m(self, max_points: int = 200_000) -> np.ndarray:
        """Distance from each puncture of a central patch to its nearest neighbour."""
        size = self.side_m
        if self.count > max_points:
            size = self.side_m * np.sqrt(max_points / self.count)
        mask = self.patch_mask(size)
        # contiguous coordinates: the compiled cell list's cached signature (a strided
        # column would load a second compiled version)
        x, y = self.x_m[mask], self.y_m[mask]
        if x.size < 2:
            return np.array([])
        return kth_distance(x, y, np.arange(x.size), 1)

    def overlap_fraction(self, diameter_m: float) -> float:
        """Share of punctures closer than ``diameter_m`` to another (overlapping wounds)."""
        distances = self.nearest_neighbour_m()
        return float(np.mean(distances < diameter_m)) if distances.size else 0.0
