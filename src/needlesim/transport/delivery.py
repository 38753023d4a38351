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
    make_setup,
    reduced_and_intact,
)
from needlesim.transport.molecules import Active, load_active

CLASSES = 3  # depth classes of the reduced model
SAMPLE = 4_000  # pierced channels of a central window that stand for a large field


@dataclass(frozen=True)
class Delivery:
    active: Active
    formulation: Formulation
    setup: Setup
    needled: Solution
    intact: Solution


def sample_window(channels: Channels, sample: int = SAMPLE) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the pierced channels in a central square window holding about ``sample``
    of them (all of them in smaller fields), and those of a wider window around it (one
    mean spacing on every side) so that areas near the window's edge see their neighbours.
    A full face holds about a million channels; the classes' statistics need far fewer."""
    field = channels.field
    pierced = np.flatnonzero(channels.pierced)
    if pierced.size <= sample:
        return pierced, pierced
    side = field.side_m * np.sqrt(sample / pierced.size)
    spacing = np.sqrt(field.area_m2 / pierced.size)
    x, y = field.x_m[pierced], field.y_m[pierced]

    def window(size):
        low, high = (field.side_m - size) / 2, (field.side_m + size) / 2
        return pierced[(x >= low) & (x < high) & (y >= low) & (y < high)]

    return window(side), window(side + 8 * spacing)


def session_channels(channels: Channels, closure: ChannelState, chosen: np.ndarray | None = None):
    """Depths, mouth radii and closure half-lives (early, late or None, switch) of the
    pierced channels (or of the ``chosen`` ones). ChannelState holds a seeded subsample of a
    huge field; then every channel takes the population's geometric-mean half-lives
    (documented simplification)."""
    chosen = np.flatnonzero(channels.pierced) if chosen is None else chosen
    depth = channels.depth_m[chosen]
    mouth = channels.surface_diameter_m[chosen] / 2
    early = np.asarray(closure.half_life_s, dtype=float)
    late = getattr(closure, "late_half_life_s", None)
    pierced = np.flatnonzero(channels.pierced)
    if early.size == pierced.size and chosen.size != pierced.size:  # per channel: pick ours
        position = np.searchsorted(pierced, chosen)
        early = early[position]
        late = None if late is None else np.asarray(late, dtype=float)[position]
    switch = float(getattr(closure, "switch_s", 0.0) or 0.0)
    if early.size != depth.size:
        early = np.full(depth.size, np.exp(np.mean(np.log(early))))
        if late is not None:
            late = np.full(depth.size, np.exp(np.mean(np.log(np.asarray(late, dtype=float)))))
    return depth, mouth, early, (None if late is None else np.asarray(late, dtype=float)), switch


def window_areas(channels: Channels, inner: np.ndarray, outer: np.ndarray) -> np.ndarray:
    """Area each channel of ``inner`` owns, from its neighbours in ``outer``, scaled so that
    the window's channels own the field's mean area per channel."""
    field = channels.field
    mean_area = field.area_m2 / max(int(channels.pierced.sum()), 1)
    if inner.size == outer.size:
        return nearest_neighbour_areas(field.x_m[inner], field.y_m[inner], mean_area * inner.size)
    local = nearest_neighbour_areas(field.x_m[outer], field.y_m[outer], mean_area * outer.size)
    return local[np.isin(outer, inner)] * 1.0


def deliver(skin: Skin, channels: Channels, closure: ChannelState, session: Session,
            active: Active | str, params: ParameterSet, formulation: Formulation | None = None,
            classes: int = CLASSES) -> Delivery:
    if isinstance(active, str):
        active = load_active(active, params)
    formulation = formulation or default_formulation(active, params, session.occluded)
    inner, outer = sample_window(channels)
    depth, mouth, early, late, switch = session_channels(channels, closure, inner)
    setup = make_setup(skin, active, formulation, params,
                       deepest_channel_m=float(depth.max()) if depth.size else 0.0)
    areas = window_areas(channels, inner, outer) if depth.size else None
    groups = channel_classes(depth, mouth, early, classes, late, area_m2=areas)
    needled, intact = reduced_and_intact(setup, groups, channels.density_per_cm2 * 1e4,
                                         switch_s=switch)
    return Delivery(active, formulation, setup, needled, intact)
