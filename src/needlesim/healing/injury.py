"""Injury input of a session per depth compartment, from its channels.

Each pierced channel is a cone from its surface opening to its tip. The volume it cuts in a
compartment [z_top, z_bottom] is the integral of pi r(z)^2 with r falling linearly to zero
at the tip; per unit skin area and divided by the compartment's thickness it is the cut
volume fraction (reported as a diagnostic). The damage signal of a compartment is the
share of its volume inside the response zones of the channels: a cylinder of radius
(opening radius + margin w) around each channel over the depth it traverses, with
overlapping zones counted once (Poisson): 1 - exp(-sum_i a_i s_ik / A). Signals of a
compartment also reach the one below it (share ``damage_spread_to_deeper``). Bleeding is the
share of channels that cut a capillary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.healing.species import COMPARTMENTS
from needlesim.parameters import ParameterSet
from needlesim.skin import Skin


@dataclass(frozen=True)
class SessionInjury:
    day: float
    cut_fraction: np.ndarray  # (compartment,) cut volume / compartment volume
    damage: np.ndarray  # (compartment,) saturating damage signal 0..1
    bleeding_share: float  # share of pierced channels that cut a capillary
    density_per_cm2: float
    anti_inflammatory: bool


def compartment_bounds_m(skin: Skin) -> np.ndarray:
    """(top, bottom) depth of each compartment: viable epidermis, papillary, reticular."""
    b = skin.boundaries_m
    return np.array([[b[0], b[1]], [b[1], b[2]], [b[2], b[3]]])


def cone_volume_between(diameter_m, depth_m, top_m, bottom_m) -> np.ndarray:
    """Volume of cones (opening ``diameter_m`` at the surface, tip at ``depth_m``) between
    two depths."""
    depth = np.maximum(np.asarray(depth_m, float), 1e-12)
    u_top = 1 - np.clip(top_m / depth, 0, 1)
    u_bottom = 1 - np.clip(bottom_m / depth, 0, 1)
    return np.pi * np.asarray(diameter_m) ** 2 / 4 * depth / 3 * (u_top**3 - u_bottom**3)


def cut_fractions(depth_m, diameter_m, area_m2: float, skin: Skin) -> np.ndarray:
    bounds = compartment_bounds_m(skin)
    out = np.empty(len(COMPARTMENTS))
    for k, (top, bottom) in enumerate(bounds):
        volume = cone_volume_between(diameter_m, depth_m, top, bottom).sum()
        out[k] = volume / area_m2 / (bottom - top)
    return out


def session_injury(run, params: ParameterSet) -> SessionInjury:
    channels = run.channels
    pierced = channels.pierced
    phi = cut_fractions(channels.depth_m[pierced], channels.surface_diameter_m[pierced],
                        channels.field.area_m2, channels.skin)
    margin = params.get("wound_zone_margin")
    depth = channels.depth_m[pierced]
    zone = np.pi * (channels.surface_diameter_m[pierced] / 2 + margin) ** 2
    bounds = compartment_bounds_m(channels.skin)
    share = np.clip((depth[:, None] - bounds[:, 0]) / (bounds[:, 1] - bounds[:, 0]), 0, 1)
    damage = 1 - np.exp(-(zone[:, None] * share).sum(axis=0) / channels.field.area_m2)
    spread = params.get("damage_spread_to_deeper")
    damage[1:] = 1 - (1 - damage[1:]) * (1 - spread * damage[:-1])
    bleeding = float(channels.bleeding_probability[pierced].mean()) if pierced.any() else 0.0
    return SessionInjury(
        day=run.session.day,
        cut_fraction=phi,
        damage=damage,
        bleeding_share=bleeding,
        density_per_cm2=channels.density_per_cm2,
        anti_inflammatory=run.session.anti_inflammatory,
    )


def injuries_of(runs, params: ParameterSet) -> list[SessionInjury]:
    """The injury of every session's run (``needlesim.stages.SessionRun``), in order."""
    return [session_injury(run, params) for run in runs]
