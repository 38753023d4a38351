"""Whether each needle pierces, and how deep its channel goes.

A needle first tents the skin: the surface deflects by ``u_p`` until the force reaches the
puncture force ``F_p`` (linear in tip diameter). Tenting is smaller at impact speeds
(viscoelastic stiffening), over bone, and larger for dense arrays (bed of nails).

* A pen is displacement-driven: its motor pushes the needle out by the depth setting ``L``
  whatever the force, so the channel depth is ``L - u_p``; at a pen's stroke speed the
  tenting is small and channels come close to the setting. A stamp is taken to be pressed
  until its plate meets the skin, so it is displacement-driven too, at hand speed (no
  stamp channel depth has been measured: this is an assumption).
* A roller is pressed by hand and rides on its needles: the skin does not reach the drum.
  Once pierced, the skin relaxes from its tent, but it stays bunched between neighbouring
  needles and rides up their shafts, so a channel reaches a share ``F / (F + F_half)`` of
  the needle length ``L`` for a hand force ``F``: pressing harder pushes the skin further
  onto the needles. ``F_half`` (``roller_half_share_force``) is fitted to the one roller
  channel depth we could read (Kalluri 2011, 770 um needles, rat), so the proportion to
  the needle length is an assumption, not a measurement. A needle pierces when the hand
  force shared by the needles in the skin at once (the drum's contact arc) exceeds its
  puncture force.

Roller needles enter at an angle and turn while in the skin, so they cut a slot rather
than a round hole; its length follows from the drum's rolling (a trochoid loop).
"""

from __future__ import annotations

import numpy as np

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


def engaged_needles(device: Device, depth_m: float) -> float:
    """Needles in the skin at once when the deepest one is ``depth_m`` deep."""
    if device.kind != "roller":
        return float(device.needles)
    radius = device.drum_radius_m
    arc = np.arccos(radius / (radius + max(depth_m, 1e-9)))
    return float(max(1.0, device.needles * arc / np.pi))


def hand_force_n(pressure: str, params: ParameterSet) -> float:
    return params.get(f"hand_force_{pressure}")


def roller_length_share(pressure: str, params: ParameterSet) -> float:
    """Share of a roller needle's length the skin is pressed onto."""
    force = hand_force_n(pressure, params)
    return force / (force + params.get("roller_half_share_force"))


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
        axial = np.where(reach > 0, length * roller_length_share(pressure, params), 0.0)
        engaged = engaged_needles(device, float(np.max(axial, initial=0.0)))
        force_available = hand_force_n(pressure, params) / engaged
        pierced = (reach > 0) & (force_available >= force_needed)

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
