"""Delivery of one session's serum: the reduced model with the session's channels, and the
same model without channels (intact skin), so enhancement comes from one code path."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.channels import ChannelState
from needlesim.insertion import Channels
from needlesim.parameters import ParameterSet
from needlesim.scenario.sessions import Session
from needlesim.skin import Skin
from needlesim.transport.areas import nearest_neighbour_areas
from needlesim.transport.formulation import Formulation, default_formulation
from needlesim.transport.integrate import Solution
from needlesim.transport.model import (
    Setup,
    channel_classes,
    intact_solution,
    make_setup,
    reduced_solution,
)
from needlesim.transport.molecules import Active, load_active

CLASSES = 3  # depth classes of the reduced model


@dataclass(frozen=True)
class Delivery:
    active: Active
    formulation: Formulation
    setup: Setup
    needled: Solution
    intact: Solution


def session_channels(channels: Channels, closure: ChannelState):
    """Depths, mouth radii and closure half-lives (early, late or None, switch) of the
    pierced channels. ChannelState holds a seeded subsample of a huge field; then every
    channel takes the population's geometric-mean half-lives (documented simplification)."""
    depth = channels.depth_m[channels.pierced]
    mouth = channels.surface_diameter_m[channels.pierced] / 2
    early = np.asarray(closure.half_life_s, dtype=float)
    late = getattr(closure, "late_half_life_s", None)
    switch = float(getattr(closure, "switch_s", 0.0) or 0.0)
    if early.size != depth.size:
        early = np.full(depth.size, np.exp(np.mean(np.log(early))))
        if late is not None:
            late = np.full(depth.size, np.exp(np.mean(np.log(np.asarray(late, dtype=float)))))
    return depth, mouth, early, (None if late is None else np.asarray(late, dtype=float)), switch


def deliver(skin: Skin, channels: Channels, closure: ChannelState, session: Session,
            active: Active | str, params: ParameterSet, formulation: Formulation | None = None,
            classes: int = CLASSES) -> Delivery:
    if isinstance(active, str):
        active = load_active(active, params)
    formulation = formulation or default_formulation(active, params, session.occluded)
    depth, mouth, early, late, switch = session_channels(channels, closure)
    setup = make_setup(skin, active, formulation, params,
                       deepest_channel_m=float(depth.max()) if depth.size else 0.0)
    field = channels.field
    areas = nearest_neighbour_areas(field.x_m[channels.pierced], field.y_m[channels.pierced],
                                    field.area_m2) if depth.size else None
    groups = channel_classes(depth, mouth, early, classes, late, area_m2=areas)
    needled = reduced_solution(setup, groups, channels.density_per_cm2 * 1e4, switch_s=switch)
    return Delivery(active, formulation, setup, needled, intact_solution(setup))
