"""Injury input of a session per depth compartment, from its channels.

Each pierced channel is a cone from its surface opening (radius ``a``) to its tip at depth
``d``. A needle pushes tissue aside rather than removing it, and the skin closes over the
track when it is withdrawn, so the tissue a channel injures is the rim of crushed and torn
cells along its wall (``wound_rim_width`` ``w``): the ring between radius ``a (1 - z/d)``
and ``a (1 - z/d) + w`` at depth ``z``. Per compartment [z_top, z_bottom] the injured
volume fraction counts overlapping zones once (Poisson): ``v = 1 - exp(-sum_i V_i / (A h))``,
with ``V_i`` the rim volume of channel ``i`` in the compartment, ``A`` the treated area and
``h`` the compartment's thickness.

The damage signal that starts the cascade is a saturating response to that dose,
``D = (1 + K) v / (v + K)`` (0 when nothing is injured, 1 when all of it is), with the
half-saturation fraction ``K`` (``injury_half_saturation_fraction``): more channels keep
adding injury, with diminishing returns, instead of a wide response zone that covers the
skin at the first pass. Signals of a compartment also reach the one below it (share
``damage_spread_to_deeper``). Bleeding is the share of channels that cut a capillary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from needlesim.healing.species import COMPARTMENTS
from needlesim.parameters import ParameterSet
from needlesim.skin import Skin

if TYPE_CHECKING:
    from needlesim.healing.actives import SerumExposure


@dataclass(frozen=True)
class SessionInjury:
    day: float
    injured_fraction: np.ndarray  # (compartment,) injured volume / compartment volume, 0..1
    damage: np.ndarray  # (compartment,) damage signal 0..1
    thickness_m: np.ndarray  # (compartment,) thickness of each compartment
    bleeding_share: float  # share of pierced channels that cut a capillary
    density_per_cm2: float
    anti_inflammatory: bool
    serum: SerumExposure | None = None  # the session's serum as the tissue sees it

    @property
    def injured_volume_m3_per_m2(self) -> float:
        """Tissue disrupted per unit skin area, overlaps counted once."""
        return float(np.sum(self.injured_fraction * self.thickness_m))


def compartment_bounds_m(skin: Skin) -> np.ndarray:
    """(top, bottom) depth of each compartment: viable epidermis, papillary, reticular."""
    b = skin.boundaries_m
    return np.array([[b[0], b[1]], [b[1], b[2]], [b[2], b[3]]])


def zone_volume_between(radius_m, depth_m, rim_m: float, top_m: float, bottom_m: float):
    """Volume between two depths of the zone around cones (opening radius ``radius_m``,
    tip at ``depth_m``) widened by ``rim_m``: the integral of pi (a (1 - z/d) + w)^2 dz
    from ``top_m`` down to the tip or ``bottom_m``, whichever is shallower."""
    a = np.asarray(radius_m, float)
    d = np.maximum(np.asarray(depth_m, float), 1e-12)
    z0 = np.minimum(top_m, d)
    z1 = np.minimum(bottom_m, d)
    slope = a / d  # the radius falls by a/d per metre of depth
    u0 = a - slope * z0 + rim_m
    u1 = a - slope * z1 + rim_m
    # d/dz of -u^3 / (3 slope) is u^2; a vanishing slope is a cylinder of radius w + a
    tapered = np.pi * (u0**3 - u1**3) / (3 * np.maximum(slope, 1e-300))
    cylinder = np.pi * u0**2 * (z1 - z0)
    return np.where(slope * (z1 - z0) > 1e-9 * u0, tapered, cylinder)


def injured_fractions(depth_m, diameter_m, area_m2: float, skin: Skin, rim_m: float):
    """(compartment,) share of each compartment's volume inside the channels' injured rims."""
    bounds = compartment_bounds_m(skin)
    radius = np.asarray(diameter_m) / 2
    out = np.empty(len(COMPARTMENTS))
    for k, (top, bottom) in enumerate(bounds):
        volume = (zone_volume_between(radius, depth_m, rim_m, top, bottom)
                  - zone_volume_between(radius, depth_m, 0.0, top, bottom)).sum()
        out[k] = -np.expm1(-volume / area_m2 / (bottom - top))
    return out


def damage_signal(injured_fraction, params: ParameterSet) -> np.ndarray:
    """Damage signal from the injured fraction: saturating, 0 at 0 and 1 at 1."""
    half = params.get("injury_half_saturation_fraction")
    v = np.asarray(injured_fraction, float)
    damage = (1 + half) * v / (v + half)
    spread = params.get("damage_spread_to_deeper")
    damage[1:] = 1 - (1 - damage[1:]) * (1 - spread * damage[:-1])
    return damage


def session_injury(run, params: ParameterSet) -> SessionInjury:
    channels = run.channels
    pierced = channels.pierced
    bounds = compartment_bounds_m(channels.skin)
    injured = injured_fractions(channels.depth_m[pierced], channels.surface_diameter_m[pierced],
                                channels.field.area_m2, channels.skin,
                                params.get("wound_rim_width"))
    bleeding = float(channels.bleeding_probability[pierced].mean()) if pierced.any() else 0.0
    return SessionInjury(
        day=run.session.day,
        injured_fraction=injured,
        damage=damage_signal(injured, params),
        thickness_m=bounds[:, 1] - bounds[:, 0],
        bleeding_share=bleeding,
        density_per_cm2=channels.density_per_cm2,
        anti_inflammatory=run.session.anti_inflammatory,
    )


def injuries_of(runs, params: ParameterSet) -> list[SessionInjury]:
    """The injury of every session's run (``needlesim.stages.SessionRun``), in order."""
    return [session_injury(run, params) for run in runs]
