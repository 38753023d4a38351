"""The Skin value object: layer thicknesses and depths in metres."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

LAYERS = (
    "stratum_corneum",
    "viable_epidermis",
    "papillary_dermis",
    "reticular_dermis",
    "hypodermis",
)


@dataclass(frozen=True)
class Condition:
    name: str  # as in parameters/data/conditions.csv (acne scars split by type)
    severity: float | None
    lesion_depth_m: float | None
    lesion_width_m: float | None
    severity_scale: str


@dataclass(frozen=True)
class Skin:
    site: str
    sex: str
    age_years: float
    fitzpatrick: int
    thickness_m: dict[str, float]  # by layer, in the order of LAYERS
    bone_backing: bool
    capillary_loop_depth_m: float
    collagen_relative: float  # dermal collagen density relative to a young adult
    elastin_relative: float
    condition: Condition
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def boundaries_m(self) -> np.ndarray:
        """Depths of the layer bottoms below the surface, in the order of LAYERS."""
        return np.cumsum([self.thickness_m[name] for name in LAYERS])

    @property
    def dej_depth_m(self) -> float:
        """Depth of the dermal-epidermal junction."""
        return float(self.boundaries_m[1])

    @property
    def subpapillary_plexus_depth_m(self) -> float:
        """Bottom of the papillary dermis, where the superficial vascular plexus lies."""
        return float(self.boundaries_m[2])

    @property
    def dermis_bottom_m(self) -> float:
        return float(self.boundaries_m[3])

    @property
    def total_depth_m(self) -> float:
        """Depth of the deepest modelled point (bottom of the hypodermis: fascia or bone)."""
        return float(self.boundaries_m[-1])

    def layer_index(self, depth_m: np.ndarray) -> np.ndarray:
        """Index into LAYERS of the layer that holds each depth (deepest point of a channel)."""
        index = np.searchsorted(self.boundaries_m, np.asarray(depth_m), side="left")
        return np.minimum(index, len(LAYERS) - 1)
