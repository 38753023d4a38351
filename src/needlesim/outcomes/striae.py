"""Stretch-mark width from the dermal matrix the healing cascade builds under the striae.

Striae are dermal scars: their collagen is thinned and laid parallel to the surface, and
their elastic fibres are fragmented or lost (Aust 2010). Needling lays down new collagen
and elastin in them (NCT03390439), and a striae narrows as its matrix fills back. The map
reads the relative gain of the whole dermis's collagen and elastin against the untreated
patient, each weighted by the thickness of the papillary and reticular dermis, so channels
that stop in the papillary dermis leave most of the striae's dermis untouched:

    matrix = collagen_gain + striae_elastin_weight * elastin_gain
    width change [%] = -striae_width_max_reduction_pct
                       * (1 - exp(-striae_width_gain * colour_factor * max(matrix, 0)))

The change saturates: striae narrow but are not removed (Aust 2010). Early red striae
(rubra) respond better than mature white ones (alba; Mohamed Ali 2017): the colour factor
scales the gain. All four map parameters are assumptions (model_healing.csv): no trial
with striae widths in millimetres after needling alone was read.
"""

from __future__ import annotations

import numpy as np

from needlesim.parameters import ParameterSet

COLOURS = ("rubra", "alba", "mixed")  # mixed: colour not stated


def striae_matrix_gain(changes: dict, params: ParameterSet) -> np.ndarray:
    """Relative gain of the striae's dermal matrix (fractions over time and patients)."""
    return changes["collagen_dermis"] + params.get("striae_elastin_weight") * changes["elastin_dermis"]


def striae_width_change_pct(changes: dict, params: ParameterSet, colour: str = "mixed") -> np.ndarray:
    """Change of the striae's width against the untreated patient [%] (negative: narrower)."""
    gain = params.get("striae_width_gain") * params.get(f"striae_colour_factor_{colour}")
    matrix = np.maximum(striae_matrix_gain(changes, params), 0.0)
    return -params.get("striae_width_max_reduction_pct") * (1 - np.exp(-gain * matrix))
