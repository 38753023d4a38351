"""A session's passes turned into punctures: a seeded, vectorised simulation of hand motion.

The treated area is a square. Each pass covers it once with parallel strokes in one
direction (0, 90, 45 and 135 degrees in turn, the usual cross-hatching); strokes are
spaced by the device's swept width times (1 - overlap), start at a random offset and
wobble sideways by the hand's jitter. Along a stroke a roller lays down its rings of
needles as the drum turns; a pen stamps its cartridge ``stroke_frequency`` times a
second while gliding; a stamp is pressed once per head width.
"""

from __future__ import annotations

import numpy as np

from needlesim.devices.field import PunctureField
from needlesim.devices.geometry import Device
from needlesim.parameters import ParameterSet
from needlesim.scenario.sessions import Session

PASS_DIRECTIONS_DEG = (0.0, 90.0, 45.0, 135.0)


def _strokes(
    side: float, theta: float, spacing: float, margin: float, rng
) -> tuple[np.ndarray, float, float]:
    """Across-stroke positions and the along-stroke extent covering the rotated square.

    Strokes run ``margin`` past both edges, as a hand does, so that the edges get the
    same density as the middle.
    """
    corners = np.array([[0, 0], [side, 0], [0, side], [side, side]]) - side / 2
    u = corners @ np.array([np.cos(theta), np.sin(theta)])
    v = corners @ np.array([-np.sin(theta), np.cos(theta)])
    start = v.min() - spacing * rng.random()
    across = np.arange(start, v.max() + spacing, spacing)
    return across, float(u.min()) - margin, float(u.max()) + margin


def _to_square(u, v, theta, side):
    x = u * np.cos(theta) - v * np.sin(theta) + side / 2
    y = u * np.sin(theta) + v * np.cos(theta) + side / 2
    return x, y


def _roller_pass(device: Device, across, u_min, u_max, speed, jitter, rng):
    radius = device.drum_radius_m
    per_ring = device.needles_per_ring
    pitch = 2 * np.pi * radius / per_ring
    rings = np.arange(device.rings)
    lateral = (rings + 0.5) * device.drum_width_m / device.rings - device.drum_width_m / 2
    stagger = rings / device.rings * pitch  # needles of neighbouring rings are offset (helix)
    n_along = int(np.ceil((u_max - u_min) / pitch)) + 1
    steps = np.arange(n_along) * pitch
    n_strokes = across.size
    phase = rng.random(n_strokes) * pitch
    wobble = rng.normal(0.0, jitter, n_strokes)
    u = u_min + phase[:, None, None] + stagger[None, :, None] + steps[None, None, :]
    v = (across + wobble)[:, None, None] + lateral[None, :, None] + 0 * u
    stroke_time = (u_max - u_min) / speed
    t = np.arange(n_strokes)[:, None, None] * stroke_time + (u - u_min) / speed
    keep = u <= u_max
    return u[keep], v[keep], t[keep]


def _head_pass(device: Device, across, u_min, u_max, step, period, jitter, rng):
    """Pen or stamp: the round head lands every ``step`` along the stroke."""
    layout = device.head_layout_m()
    n_along = int(np.ceil((u_max - u_min) / step)) + 1
    n_strokes = across.size
    phase = rng.random(n_strokes) * step
    centre_u = u_min + phase[:, None] + np.arange(n_along)[None, :] * step
    wobble = rng.normal(0.0, jitter, n_strokes)
    centre_v = (across + wobble)[:, None] + 0 * centre_u
    # The cartridge's orientation differs from one stroke (pen) or landing (stamp) to the next.
    turn = rng.random((n_strokes, n_along)) * 2 * np.pi
    cos, sin = np.cos(turn)[..., None], np.sin(turn)[..., None]
    u = centre_u[..., None] + cos * layout[:, 0] - sin * layout[:, 1]
    v = centre_v[..., None] + sin * layout[:, 0] + cos * layout[:, 1]
    landing = np.arange(n_strokes)[:, None] * n_along + np.arange(n_along)[None, :]
    t = np.broadcast_to((landing * period)[..., None], u.shape)
    keep = np.broadcast_to((centre_u <= u_max)[..., None], u.shape)
    return u[keep], v[keep], t[keep]


def roller_entry_angle_rad(device: Device) -> float:
    """Angle from the normal at which a drum needle's tip first meets flat skin."""
    radius = device.drum_radius_m
    return float(np.arccos(radius / (radius + device.needle.length_m)))


def simulate_passes(
    device: Device, session: Session, area_m2: float, params: ParameterSet, rng: np.random.Generator
) -> PunctureField:
    side = float(np.sqrt(area_m2))
    spacing = device.swept_width_m * (1 - session.overlap_fraction)
    jitter = params.get("lateral_jitter_sd")
    tilt_sd = params.get("hand_tilt_sd", "radian")
    parts = []
    t_offset = 0.0
    for index in range(session.passes):
        theta = np.deg2rad(PASS_DIRECTIONS_DEG[index % len(PASS_DIRECTIONS_DEG)])
        across, u_min, u_max = _strokes(side, theta, spacing, device.swept_width_m / 2, rng)
        if device.kind == "roller":
            speed = params.get("roller_rolling_speed")
            u, v, t = _roller_pass(device, across, u_min, u_max, speed, jitter, rng)
            angle = np.full(u.size, roller_entry_angle_rad(device))
        elif device.kind == "pen":
            speed = session.glide_speed_m_s or params.get("pen_glide_speed")
            frequency = device.stroke_frequency_hz
            u, v, t = _head_pass(
                device, across, u_min, u_max, speed / frequency, 1 / frequency, jitter, rng
            )
            angle = np.abs(rng.normal(0.0, tilt_sd, u.size))
        else:
            u, v, t = _head_pass(
                device, across, u_min, u_max, spacing, params.get("stamp_landing_interval"),
                jitter, rng,
            )
            angle = np.abs(rng.normal(0.0, tilt_sd, u.size))
        x, y = _to_square(u, v, theta, side)
        inside = (x >= 0) & (x < side) & (y >= 0) & (y < side)
        t = t[inside] + t_offset
        t_offset = float(t.max()) if t.size else t_offset
        parts.append((x[inside], y[inside], t, angle[inside], np.full(int(inside.sum()), index)))
    x, y, t, angle, pass_index = (np.concatenate(items) for items in zip(*parts, strict=True))
    return PunctureField(
        x_m=x,
        y_m=y,
        t_s=t,
        nominal_depth_m=np.full(x.size, device.needle.length_m),
        angle_rad=angle,
        pass_index=pass_index.astype(np.int16),
        side_m=side,
        device=device,
        passes=session.passes,
    )
