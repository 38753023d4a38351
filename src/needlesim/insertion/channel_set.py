"""Channels: the micro-wounds a session leaves, with their depth, opening and layer reached."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from needlesim.constants import CM2_M2
from needlesim.devices.field import PunctureField
from needlesim.insertion.mechanics import insert
from needlesim.parameters import ParameterSet
from needlesim.skin import LAYERS, Skin


@dataclass(frozen=True)
class Channels:
    field: PunctureField
    skin: Skin
    pierced: np.ndarray
    depth_m: np.ndarray  # vertical depth of the channel bottom (0 where not pierced)
    axial_depth_m: np.ndarray
    surface_diameter_m: np.ndarray  # area-equivalent diameter of the opening
    slot_length_m: np.ndarray
    bleeding_probability: np.ndarray
    tenting_m: float
    visible_bleeding_points_per_cm2: float

    # -- the pierced population ----------------------------------------------------------
    @cached_property
    def count(self) -> int:  # a full face holds a million channels: count them once
        return int(self.pierced.sum())

    @property
    def density_per_cm2(self) -> float:
        return self.count / (self.field.area_m2 / CM2_M2)

    @property
    def pierce_fraction(self) -> float:
        return float(self.pierced.mean()) if self.pierced.size else 0.0

    def _pierced(self, values: np.ndarray) -> np.ndarray:
        return values[self.pierced]

    @property
    def depth_mean_m(self) -> float:
        values = self._pierced(self.depth_m)
        return float(values.mean()) if values.size else 0.0

    @property
    def surface_diameter_mean_m(self) -> float:
        values = self._pierced(self.surface_diameter_m)
        return float(values.mean()) if values.size else 0.0

    @property
    def fraction_reaching_dermis(self) -> float:
        values = self._pierced(self.depth_m)
        return float(np.mean(values > self.skin.dej_depth_m)) if values.size else 0.0

    def layer_reached(self) -> np.ndarray:
        """Index into LAYERS of the deepest layer each pierced channel reaches."""
        return self.skin.layer_index(self._pierced(self.depth_m))

    def layer_shares(self) -> dict[str, float]:
        reached = self.layer_reached()
        if reached.size == 0:
            return {name: 0.0 for name in LAYERS}
        counts = np.bincount(reached, minlength=len(LAYERS))
        return {name: float(c / reached.size) for name, c in zip(LAYERS, counts, strict=True)}

    @property
    def bleeding_points_per_cm2(self) -> float:
        return float(self.bleeding_probability.sum() / (self.field.area_m2 / CM2_M2))

    @property
    def bleeding(self) -> bool:
        """Whether pinpoint bleeding is expected (enough channels cut capillaries)."""
        return self.bleeding_points_per_cm2 >= self.visible_bleeding_points_per_cm2

    def cut_volume_m3_per_m2(self) -> float:
        """Volume of the channels' cones per unit skin area, overlaps counted twice (the
        tissue injured around them is ``needlesim.healing.injury``'s)."""
        depth = self._pierced(self.depth_m)
        diameter = self._pierced(self.surface_diameter_m)
        # A cone from the opening to the tip holds a third of the cylinder's volume.
        return float(np.sum(np.pi * diameter**2 / 4 * depth / 3) / self.field.area_m2)


def bleeding_probability(depth_m: np.ndarray, skin: Skin, params: ParameterSet) -> np.ndarray:
    """Chance that a channel cuts a capillary: none above the loops, some among them, sure
    at the subpapillary plexus."""
    among_loops = params.get("capillary_loop_area_fraction")
    probability = np.where(depth_m > skin.capillary_loop_depth_m, among_loops, 0.0)
    return np.where(depth_m > skin.subpapillary_plexus_depth_m, 1.0, probability)


def make_channels(
    field: PunctureField, skin: Skin, pressure: str, params: ParameterSet, rng
) -> Channels:
    result = insert(field, skin, pressure, params, rng)
    depth = result["depth_m"]
    return Channels(
        field=field,
        skin=skin,
        pierced=result["pierced"],
        depth_m=depth,
        axial_depth_m=result["axial_depth_m"],
        surface_diameter_m=result["surface_diameter_m"],
        slot_length_m=result["slot_length_m"],
        bleeding_probability=np.where(result["pierced"], bleeding_probability(depth, skin, params), 0),
        tenting_m=result["tenting_m"],
        visible_bleeding_points_per_cm2=params.get("visible_bleeding_points", "1/cm**2"),
    )
