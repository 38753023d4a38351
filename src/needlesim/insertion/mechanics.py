"""Whether each needle pierces, and how deep its channel goes.

A needle first tents the skin: the surface deflects by ``u_p`` until the force reaches the
puncture force ``F_p`` (linear in tip diameter). Tenting is smaller at impact speeds
(viscoelastic stiffening), over bone, and larger for dense arrays (bed of nails). After
puncture the needle advances against a penetration resistance that grows with depth.

* A pen is displacement-driven: its motor pushes the needle out by the depth setting ``L``
  whatever the force, so the channel depth is ``L - u_p``; at a pen's stroke speed the
  tenting is small and channels come close to the setting. A stamp is taken to be pressed
  until its plate meets the skin, so it is displacement-driven too, at hand speed (no
  stamp channel depth has been measured: this is an assumption).
* A roller is force-limited: the hand force is shared by the needles in the skin at
  once, and that number grows with depth (the drum's contact arc), so the depth settles
  where the shared force equals a lumped resistance ``mu * d``; the channel is also no
  deeper than ``L - u_p``. ``mu`` is an empirical fit to the one measured roller channel
  depth; it lumps shaft friction, cutting and the share of the load the drum itself rests
  on the skin with.

Roller needles enter at an angle and turn while in the skin, so they cut a slot rather
than a round hole; its length follows from the drum's rolling (a trochoid loop).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from needlesim.devices.field import PunctureField
from needlesim.devices.geometry import Device
from needlesim.devices.motion import roller_entry_angle_rad
from needlesim.parameters import ParameterSet
from needlesim.skin import Skin


def contact_speed_m_s(device: Device, params: ParameterSet) -> float:
    """Speed of the needle tip along the skin normal when it meets the skin."""
    if device.kind == "pen":
        return float(np.pi * device.stroke_frequency_hz * device.stroke_m)
    if device.kind == "roller":
        radius = device.drum_radius_m
        tip_radius = radius + device.needle.length_m
        speed = params.get("roller_rolling_speed")
        return float(speed * tip_radius / radius * np.sin(roller_entry_angle_rad(device)))
    return params.get("stamp_pressing_speed")


def tenting_m(device: Device, skin: Skin, params: ParameterSet) -> float:
    """Deflection of the skin surface under a needle at the moment of puncture."""
    speed = contact_speed_m_s(device, params)
    tenting = params.get("puncture_displacement_static")
    tenting /= 1 + speed / params.get("rate_stiffening_speed")
    tenting *= 1 + (params.get("array_spacing_effect_scale") / device.mean_spacing_m()) ** 2
    if skin.bone_backing:
        tenting *= params.get("bone_backing_tenting_factor")
    return float(tenting)


def puncture_force_n(device: Device, params: ParameterSet) -> float:
    slope = params.get("puncture_force_slope")
    intercept = params.get("puncture_force_intercept")
    return max(slope * device.needle.tip_diameter_m + intercept, 1e-4)


def penetration_resistance_n_per_m(device: Device, params: ParameterSet) -> float:
    """Lumped resistance per unit depth of a roller needle, scaled with its base diameter."""
    reference = params.get("roller_resistance_reference_base_diameter")
    return params.get("roller_penetration_resistance") * device.needle.base_diameter_m / reference


def engaged_needles(device: Device, depth_m: float) -> float:
    """Needles in the skin at once when the deepest one is ``depth_m`` deep."""
    if device.kind != "roller":
        return float(device.needles)
    radius = device.drum_radius_m
    arc = np.arccos(radius / (radius + max(depth_m, 1e-9)))
    return float(max(1.0, device.needles * arc / np.pi))


def hand_force_n(pressure: str, params: ParameterSet) -> float:
    return params.get(f"hand_force_{pressure}")


def force_limited_depth_m(device: Device, pressure: str, params: ParameterSet) -> float:
    """Depth at which the hand force, shared by the engaged needles, meets the resistance."""
    force = hand_force_n(pressure, params)
    resistance = penetration_resistance_n_per_m(device, params)

    def balance(depth):
        return force / engaged_needles(device, depth) - resistance * depth

    upper = 0.1  # 10 cm: far beyond any needle; balance(upper) < 0
    return float(brentq(balance, 1e-9, upper, xtol=1e-12))


def roller_slot_length_m(device: Device, depth_m: np.ndarray, params: ParameterSet) -> np.ndarray:
    """Length of the loop a turning drum needle cuts at the surface, reduced by skin recoil."""
    radius = device.drum_radius_m
    tip = radius + device.needle.length_m
    level = np.clip((radius + device.needle.length_m - depth_m) / tip, -1.0, 1.0)
    turn = np.arccos(level)
    loop = 2 * (tip * np.sin(turn) - radius * turn)
    return np.maximum(loop, 0.0) * params.get("roller_slot_open_fraction")


def insert(
    field: PunctureField,
    skin: Skin,
    pressure: str,
    params: ParameterSet,
    rng: np.random.Generator,
) -> dict[str, np.ndarray | float]:
    """Per-puncture piercing, axial depth, vertical depth and surface opening."""
    device = field.device
    n = field.count
    length = field.nominal_depth_m
    tenting = tenting_m(device, skin, params)
    cv = params.get("puncture_force_cv")
    sigma = np.sqrt(np.log1p(cv**2))
    force_needed = puncture_force_n(device, params) * rng.lognormal(-sigma**2 / 2, sigma, n)

    reach = length - tenting  # needle travel left after the skin gave way
    if device.kind == "pen":  # the motor supplies whatever force is needed
        pierced = reach > 0
        axial = np.maximum(reach, 0.0)
    elif device.kind == "stamp":
        force_available = hand_force_n(pressure, params) / device.needles
        pierced = (reach > 0) & (force_available >= force_needed)
        axial = np.maximum(reach, 0.0)
    else:
        limited = force_limited_depth_m(device, pressure, params)
        engaged = engaged_needles(device, max(limited, tenting))
        force_available = hand_force_n(pressure, params) / engaged
        pierced = (reach > 0) & (force_available >= force_needed)
        axial = np.minimum(np.maximum(reach, 0.0), limited)

    depth_cv = params.get("depth_cv")
    depth_sigma = np.sqrt(np.log1p(depth_cv**2))
    axial = axial * rng.lognormal(-depth_sigma**2 / 2, depth_sigma, n)
    axial = np.minimum(axial, length)
    # Roller needles are vertical at their deepest point; pens and stamps are tilted by hand.
    vertical = axial if device.kind == "roller" else axial * np.cos(field.angle_rad)
    vertical = np.where(pierced, np.minimum(vertical, skin.total_depth_m), 0.0)
    axial = np.where(pierced, axial, 0.0)

    width = 2 * device.needle.radius_at(axial)
    slot = roller_slot_length_m(device, vertical, params) if device.kind == "roller" else 0 * width
    area = width * slot + np.pi * width**2 / 4
    diameter = np.where(pierced, np.sqrt(4 * area / np.pi), 0.0)
    return {
        "pierced": pierced,
        "axial_depth_m": axial,
        "depth_m": vertical,
        "surface_diameter_m": diameter,
        "slot_length_m": np.where(pierced, slot, 0.0),
        "tenting_m": tenting,
    }
