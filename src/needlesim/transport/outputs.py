"""Quantities people ask of a Solution: amounts per layer, enhancement, numbing onset."""

from __future__ import annotations

import numpy as np

from needlesim.constants import CM2_M2, UG_KG
from needlesim.skin import LAYERS, Skin
from needlesim.transport.solution import Solution

KG_M2_TO_UG_CM2 = CM2_M2 / UG_KG  # 1 kg/m2 = 1e9 ug / 1e4 cm2


def at_time(solution: Solution, values: np.ndarray, t_s: float) -> float:
    return float(np.interp(t_s, solution.times_s, values))


def entered_ug_per_cm2(solution: Solution, depth_m: float) -> np.ndarray:
    """Cumulative amount that crossed the plane at ``depth_m``, per area, over time."""
    return solution.entered_below(depth_m) * KG_M2_TO_UG_CM2


def dermis_ug_per_cm2(solution: Solution, skin: Skin) -> np.ndarray:
    return entered_ug_per_cm2(solution, skin.dej_depth_m)


def epidermis_ug_per_cm2(solution: Solution, skin: Skin) -> np.ndarray:
    """Cumulative amount that entered the viable epidermis (crossed the SC bottom)."""
    return entered_ug_per_cm2(solution, skin.boundaries_m[0])


def layer_amounts_ug_per_cm2(solution: Solution, skin: Skin) -> np.ndarray:
    """Amount present in each layer over time (nt, layers), per area."""
    centres = 0.5 * (solution.z_faces[1:] + solution.z_faces[:-1])
    index = skin.layer_index(centres)
    out = np.zeros((solution.times_s.size, len(LAYERS)))
    for layer in range(len(LAYERS)):
        out[:, layer] = solution.depth_mass_kg[:, index == layer].sum(axis=1)
    return out / solution.area_m2 * KG_M2_TO_UG_CM2


def intact_detection_limit_ug_per_cm2(needled: float, params) -> float:
    """The intact-skin amount below which it counts as not detected: an absolute limit, or
    a share of the needled amount (an assay's dynamic range), whichever is larger."""
    return max(params.get("intact_detection_limit", "ug/cm**2"),
               params.get("intact_dynamic_range") * needled)


def enhancement_ratio(needled: float, intact: float, detection_limit: float) -> float:
    """Needled over intact delivery; NaN (reported as null) when intact is not detected."""
    if intact < detection_limit:
        return float("nan")
    return needled / intact


def concentration_at(solution: Solution, depth_m: float) -> np.ndarray:
    """Laterally averaged tissue concentration at ``depth_m`` over time [kg/m3]."""
    centres = 0.5 * (solution.z_faces[1:] + solution.z_faces[:-1])
    conc = solution.concentration()
    return np.array([np.interp(depth_m, centres, row) for row in conc])


def onset_s(solution: Solution, depth_m: float, threshold_kg_m3: float) -> float:
    """First time the concentration at ``depth_m`` reaches the threshold (nan if never)."""
    conc = concentration_at(solution, depth_m)
    above = np.flatnonzero(conc >= threshold_kg_m3)
    if above.size == 0:
        return float("nan")
    n = above[0]
    if n == 0:
        return 0.0
    t0, t1, c0, c1 = solution.times_s[n - 1], solution.times_s[n], conc[n - 1], conc[n]
    return float(t0 + (threshold_kg_m3 - c0) / (c1 - c0) * (t1 - t0))
