"""Device geometry: where the needles of a roller drum, a pen cartridge or a stamp sit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.constants import MM_M, UM_M
from needlesim.parameters import ParameterSet
from needlesim.parameters.devices import device_kind_default


@dataclass(frozen=True)
class Needle:
    length_m: float  # protrusion beyond the drum, plate or pen head (depth setting for a pen)
    base_diameter_m: float
    tip_radius_m: float
    cone_length_m: float  # length of the conical part; the rest is a cylinder

    @property
    def tip_diameter_m(self) -> float:
        return 2 * self.tip_radius_m

    @property
    def cone_half_angle_rad(self) -> float:
        return float(np.arctan((self.base_diameter_m / 2 - self.tip_radius_m) / self.cone_length_m))

    def radius_at(self, distance_from_tip_m: np.ndarray) -> np.ndarray:
        """Needle radius at a distance from its tip (the channel wall it leaves)."""
        grown = self.tip_radius_m + np.asarray(distance_from_tip_m) * np.tan(self.cone_half_angle_rad)
        return np.minimum(grown, self.base_diameter_m / 2)


@dataclass(frozen=True)
class Device:
    name: str
    kind: str  # roller | pen | stamp
    label: str
    needles: int
    needle: Needle
    drum_radius_m: float | None = None
    drum_width_m: float | None = None
    rings: int | None = None
    head_diameter_m: float | None = None
    stroke_frequency_hz: float | None = None
    stroke_m: float | None = None

    @property
    def swept_width_m(self) -> float:
        """Width of the strip of skin one stroke covers."""
        return self.drum_width_m if self.kind == "roller" else self.head_diameter_m

    @property
    def needles_per_ring(self) -> int:
        return self.needles // self.rings

    def head_layout_m(self) -> np.ndarray:
        """Needle offsets (n, 2) from the centre of a pen cartridge or stamp.

        A sunflower (Vogel) spiral fills the round head evenly for any needle count.
        """
        n = self.needles
        index = np.arange(n) + 0.5
        radius = 0.5 * self.head_diameter_m * np.sqrt(index / n)
        angle = index * np.pi * (3 - np.sqrt(5))
        return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])

    def mean_spacing_m(self) -> float:
        """Typical distance between neighbouring needles of the array (bed-of-nails check)."""
        if self.kind == "roller":
            along = 2 * np.pi * self.drum_radius_m / self.needles_per_ring
            across = self.drum_width_m / self.rings
            return float(min(along, across))
        area = np.pi * (self.head_diameter_m / 2) ** 2
        return float(np.sqrt(area / self.needles))


def _mm(row: dict, key: str) -> float | None:
    return float(row[key]) * MM_M if row.get(key) else None


def build_device(name: str, needle_length_m: float, params: ParameterSet) -> Device:
    """The catalogue device ``name`` (or the representative of a kind) at a needle length."""
    row = params.device_row(device_kind_default(name))
    cone = _mm(row, "cone_length_mm")
    needle = Needle(
        length_m=needle_length_m,
        base_diameter_m=float(row["needle_base_diameter_um"]) * UM_M,
        tip_radius_m=float(row["tip_radius_um"]) * UM_M,
        cone_length_m=cone if cone else needle_length_m,
    )
    diameter = _mm(row, "drum_diameter_mm")
    return Device(
        name=row["name"],
        kind=row["kind"],
        label=row["label"],
        needles=int(row["needles"]),
        needle=needle,
        drum_radius_m=None if diameter is None else diameter / 2,
        drum_width_m=_mm(row, "drum_width_mm"),
        rings=int(row["rings"]) if row["rings"] else None,
        head_diameter_m=_mm(row, "head_diameter_mm"),
        stroke_frequency_hz=float(row["stroke_frequency_hz"]) if row["stroke_frequency_hz"] else None,
        stroke_m=_mm(row, "stroke_mm"),
    )
