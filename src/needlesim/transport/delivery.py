"""Delivery of one session's serum: the reduced model with the session's channels, and the
same model without channels (intact skin), so enhancement comes from one code path."""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from needlesim.channels import ChannelState
from needlesim.constants import CM2_M2
from needlesim.insertion import Channels
from needlesim.parameters import ParameterSet
from needlesim.scenario.sessions import Session
from needlesim.skin import Skin
from needlesim.transport.geometry.areas import nearest_neighbour_areas
from needlesim.transport.geometry.overlaps import COUNTED, OpenShare, open_share
from needlesim.transport.geometry.owned_cells import OwnedCells, field_cells
from needlesim.transport.geometry.patch import patch_from_field
from needlesim.transport.physics.formulation import Formulation, default_formulation
from needlesim.transport.physics.molecules import Active, load_active
from needlesim.transport.resolutions import (
    Setup,
    channel_classes,
    intact_solution,
    make_setup,
    patch_solution,
    reduced_and_intact,
)
from needlesim.transport.solution import Solution

CLASSES = 3  # depth classes of the reduced model
SAMPLE = 2_000  # pierced channels of a central window that stand for a large field


@dataclass(frozen=True)
class Delivery:
    active: Active
    formulation: Formulation
    setup: Setup
    needled: Solution
    intact: Solution


@numba.njit(cache=True)
def _window(x, y, pierced, low, high, margin):  # pragma: no cover - compiled
    """Indices of the pierced channels in the square [low - margin, high + margin)^2, and
    which of them lie in [low, high)^2: one pass over the field (the buffers are only
    touched where written)."""
    outer = np.empty(x.size, np.int64)
    inner = np.empty(x.size, np.bool_)
    count = 0
    for k in range(x.size):
        if pierced[k] and low - margin <= x[k] < high + margin and low - margin <= y[k] < high + margin:
            outer[count] = k
            inner[count] = low <= x[k] < high and low <= y[k] < high
            count += 1
    return outer[:count].copy(), inner[:count].copy()


def sample_window(channels: Channels, sample: int = SAMPLE) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the pierced channels in a central square window holding about ``sample``
    of them (all of them in smaller fields), and those of a wider window around it (four
    mean spacings on every side) so that areas near the window's edge see their neighbours.
    A full face holds about a million channels; the classes' statistics need far fewer."""
    field = channels.field
    if channels.count <= sample:
        pierced = np.flatnonzero(channels.pierced)
        return pierced, pierced
    side = field.side_m * np.sqrt(sample / channels.count)
    spacing = np.sqrt(field.area_m2 / channels.count)
    low = (field.side_m - side) / 2
    outer, inner = _window(field.x_m, field.y_m, channels.pierced, low, low + side, 4 * spacing)
    return outer[inner], outer


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
    if early.size == channels.count and chosen.size != channels.count:  # per channel: pick ours
        position = np.searchsorted(np.flatnonzero(channels.pierced), chosen)
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
    mean_area = field.area_m2 / max(channels.count, 1)
    if inner.size == outer.size:
        return nearest_neighbour_areas(field.x_m[inner], field.y_m[inner], mean_area * inner.size)
    return nearest_neighbour_areas(field.x_m[outer], field.y_m[outer], mean_area * inner.size,
                                   of=np.searchsorted(outer, inner))


def window_owned_cells(channels: Channels, inner: np.ndarray, outer: np.ndarray,
                       areas: np.ndarray) -> OwnedCells:
    """Shapes of the cells the channels of ``inner`` (owning ``areas``) own among those of
    ``outer``."""
    field = channels.field
    spacing = np.sqrt(field.area_m2 / max(channels.count, 1))
    return field_cells(field.x_m[outer], field.y_m[outer], np.searchsorted(outer, inner), areas,
                       spacing)


def window_open_share(channels: Channels, inner: np.ndarray, outer: np.ndarray,
                      taper: float) -> OpenShare:
    """Open share against depth of the channels of ``inner`` among those of ``outer``."""
    field = channels.field
    where = np.searchsorted(outer, inner)  # both sorted indices of pierced channels
    return open_share(field.x_m[outer], field.y_m[outer], channels.surface_diameter_m[outer] / 2,
                      channels.depth_m[outer], taper, of=where, counted=COUNTED)


def session_formulation(active: Active, session: Session, params: ParameterSet) -> Formulation:
    """The session's serum as applied: its vehicle, volume per area, wipe time and rubbing in, put on
    ``serum_delay_s`` after needling (the channels have been closing meanwhile)."""
    default = default_formulation(active, params, session.occluded)
    return default.with_(
        application_s=session.serum_delay_s, vehicle=session.serum_vehicle,
        dose_volume_m3_per_m2=session.serum_volume_m3_per_m2 or default.dose_volume_m3_per_m2,
        contact_s=session.serum_wipe_s, rub_in=session.serum_rub_in)


PATCH_CELL_M = 20e-6  # the 3D patch's lateral cells: at most this, and 0.4 mouth radii


def deliver(skin: Skin, channels: Channels, closure: ChannelState, session: Session,
            active: Active | str, params: ParameterSet, formulation: Formulation | None = None,
            classes: int = CLASSES, resolution: str = "reduced", patch_channels: int = 16) -> Delivery:
    """One session's serum through the needled skin and through intact skin, by the reduced
    model or (``resolution="patch"``) by the 3D periodic patch cut from the field."""
    if isinstance(active, str):
        active = load_active(active, params)
    formulation = formulation or session_formulation(active, session, params)
    if resolution == "patch":
        return _deliver_by_patch(skin, channels, closure, active, formulation, params, patch_channels)
    inner, outer = sample_window(channels)
    depth, mouth, early, late, switch = session_channels(channels, closure, inner)
    setup = make_setup(skin, active, formulation, params,
                       deepest_channel_m=float(depth.max()) if depth.size else 0.0)
    areas = window_areas(channels, inner, outer) if depth.size else None
    shares = window_open_share(channels, inner, outer, setup.taper) if depth.size else None
    owned = window_owned_cells(channels, inner, outer, areas) if depth.size else None
    groups = channel_classes(depth, mouth, early, classes, late, area_m2=areas, open_share=shares,
                             owned=owned)
    needled, intact = reduced_and_intact(setup, groups, channels.density_per_cm2 * (1 / CM2_M2),
                                         switch_s=switch)
    return Delivery(active, formulation, setup, needled, intact)


def _deliver_by_patch(skin, channels, closure, active, formulation, params, patch_channels):
    _, _, early, late, switch = session_channels(channels, closure)
    patch = patch_from_field(channels, early, late, patch_channels)
    if patch.count == 0:
        setup = make_setup(skin, active, formulation, params)
        intact = intact_solution(setup)
        return Delivery(active, formulation, setup, intact, intact)
    setup = make_setup(skin, active, formulation, params, deepest_channel_m=float(patch.depth_m.max()))
    cell = min(PATCH_CELL_M, 0.4 * float(np.median(patch.mouth_radius_m)))
    cells = max(8, int(np.ceil(patch.side_m / cell)))
    needled = patch_solution(setup, patch, cells, switch_s=switch)
    return Delivery(active, formulation, setup, needled, intact_solution(setup))
