"""How many needle landings a session's passes make, from the device and the hand's motion
alone: the expected count of :func:`needlesim.devices.motion.simulate_passes`, computed
without drawing a single puncture (what a run's memory and time scale with)."""

from __future__ import annotations

import numpy as np

from needlesim.devices.geometry import Device
from needlesim.parameters import ParameterSet
from needlesim.scenario.sessions import Session


def landings_per_m2_per_pass(device: Device, session: Session, params: ParameterSet) -> float:
    """Expected needle landings per square metre of skin and pass.

    Strokes are ``spacing`` apart; along a stroke a roller lays down all its needles per
    drum turn, a pen its cartridge every ``speed / frequency``, a stamp its head every
    ``spacing`` (see motion.py).
    """
    spacing = device.swept_width_m * (1 - session.overlap_fraction)
    if device.kind == "roller":
        along = device.needles / (2 * np.pi * device.drum_radius_m)
    elif device.kind == "pen":
        speed = session.glide_speed_m_s or params.get("pen_glide_speed")
        along = device.needles * device.stroke_frequency_hz / speed
    else:
        along = device.needles / spacing
    return float(along / spacing)


def expected_landings(device: Device, session: Session, area_m2: float, params: ParameterSet) -> float:
    return landings_per_m2_per_pass(device, session, params) * area_m2 * session.passes
