"""What the tissue of each session sees of its serum: the exposure that effect models read.

An active acts where it is, for as long as it stays: the effect models of
``needlesim.healing.actives`` read the mean concentration of the active in a layer over
the first day after application (amount present in the layer over its thickness,
averaged over time), so that the serum, its dose, its timing after needling and the
needle depth all change what the healing cascade gets. Deliveries are computed once per
scenario and shared with the transport stage (``Prepared.memo``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.constants import CM_M, HOUR_S
from needlesim.parameters.actives import canonical_active
from needlesim.skin import LAYERS
from needlesim.transport.delivery import Delivery, deliver
from needlesim.transport.outputs import at_time, dermis_ug_per_cm2, layer_amounts_ug_per_cm2

EXPOSURE_WINDOW_S = 24 * HOUR_S
M_TO_CM = 1 / CM_M


@dataclass(frozen=True)
class ActiveExposure:
    """One session's serum as the tissue sees it over the first day after application."""

    active: str  # canonical name (actives.csv)
    session: int
    day: float  # day of the session in the series
    dermis_ug_per_cm2: float  # cumulative amount that entered the dermis by the window's end
    mean_ug_per_ml: dict[str, float]  # by layer: mean concentration over the window

    @property
    def papillary_ug_per_ml(self) -> float:
        return self.mean_ug_per_ml["papillary_dermis"]

    @property
    def epidermis_ug_per_ml(self) -> float:
        return self.mean_ug_per_ml["viable_epidermis"]


def mean_layer_concentrations_ug_per_ml(delivery: Delivery,
                                        window_s: float = EXPOSURE_WINDOW_S) -> dict[str, float]:
    """Time-averaged concentration in each layer over ``window_s`` after application
    (amount per area over the layer's thickness; ug/cm3 = ug/mL)."""
    solution, skin = delivery.needled, delivery.setup.skin
    amounts = layer_amounts_ug_per_cm2(solution, skin)  # (time, layer)
    times = solution.times_s
    end = min(window_s, float(times[-1]))
    grid = np.linspace(0.0, end, 481)
    out = {}
    for layer, name in enumerate(LAYERS):
        thickness_cm = skin.thickness_m[name] * M_TO_CM
        curve = np.interp(grid, times, amounts[:, layer]) / thickness_cm
        out[name] = float(np.trapezoid(curve, grid) / end) if end > 0 else 0.0
    return out


def exposure_of(delivery: Delivery, session: int, day: float) -> ActiveExposure:
    skin = delivery.setup.skin
    entered = at_time(delivery.needled, dermis_ug_per_cm2(delivery.needled, skin),
                      min(EXPOSURE_WINDOW_S, float(delivery.needled.times_s[-1])))
    return ActiveExposure(canonical_active(delivery.active.name), session, day, entered,
                          mean_layer_concentrations_ug_per_ml(delivery))


def deliveries_of(prepared) -> dict[int, Delivery]:
    """The delivery of every session with a serum, by session number (computed once)."""
    if "deliveries" not in prepared.memo:
        settings = prepared.scenario.transport
        prepared.memo["deliveries"] = {
            run.session.number: deliver(prepared.skin, run.channels, run.closure, run.session,
                                        run.session.serum, prepared.params,
                                        resolution=settings.resolution,
                                        patch_channels=settings.patch_channels)
            for run in prepared.runs if run.session.serum}
    return prepared.memo["deliveries"]


def exposures_of(prepared) -> list[ActiveExposure | None]:
    """Per session (in order): the exposure to its serum, or None without a serum."""
    deliveries = deliveries_of(prepared)
    return [exposure_of(deliveries[run.session.number], run.session.number, run.session.day)
            if run.session.number in deliveries else None for run in prepared.runs]
