"""The 3D reference: a periodic patch cut from the session's real puncture field."""

from __future__ import annotations

import numpy as np

from needlesim.insertion import Channels
from needlesim.transport.patch import PatchChannels


def patch_from_field(channels: Channels, early_half_life_s: np.ndarray,
                     late_half_life_s: np.ndarray | None, target_count: int = 16) -> PatchChannels:
    """Square patch at the centre of the treated area holding about ``target_count`` pierced
    channels (their real positions, depths and mouths), made periodic.

    ``early_half_life_s`` / ``late_half_life_s`` are per pierced channel (session_channels).
    """
    field = channels.field
    pierced = np.flatnonzero(channels.pierced)
    density = pierced.size / field.area_m2
    side = min(float(np.sqrt(target_count / density)), field.side_m)
    low = (field.side_m - side) / 2
    x, y = field.x_m[pierced] - low, field.y_m[pierced] - low
    inside = (x >= 0) & (x < side) & (y >= 0) & (y < side)
    late = None if late_half_life_s is None else late_half_life_s[inside]
    return PatchChannels(
        x_m=x[inside], y_m=y[inside],
        mouth_radius_m=channels.surface_diameter_m[pierced][inside] / 2,
        depth_m=channels.depth_m[pierced][inside],
        half_life_s=early_half_life_s[inside], side_m=side, late_half_life_s=late,
    )
