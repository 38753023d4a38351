"""Hindered diffusion of a solute of radius r: in pores (Renkin) and gel networks (Ogston)."""

from __future__ import annotations

import numpy as np


def renkin(ratio: float) -> float:
    """Renkin's combined steric and hydrodynamic hindrance for a solute/pore radius ratio."""
    lam = min(max(float(ratio), 0.0), 1.0)
    return float((1 - lam) ** 2 * (1 - 2.104 * lam + 2.09 * lam**3 - 0.95 * lam**5))


def ogston(volume_fraction: float, solute_radius_m: float, fiber_radius_m: float) -> float:
    """Ogston obstruction by a random fibre network: exp(-sqrt(phi) (1 + r_s / r_f))."""
    if volume_fraction <= 0:
        return 1.0
    return float(np.exp(-np.sqrt(volume_fraction) * (1 + solute_radius_m / fiber_radius_m)))
