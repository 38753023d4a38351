"""Readable value axes for every figure (report, cohort, sensitivity), also when the data
hardly vary.

Matplotlib labels an axis whose values differ only in the 10th digit with an offset, e.g.
"1e-12+3.279040176": true, but unreadable, and it hides the real message, that the value
is the same everywhere. ``steady_axis`` turns the offset off, and for near-constant data
centres a sensible range on the value and writes a note such as "constant across the
cohort: 3.28".
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import ScalarFormatter

RTOL = 1e-6  # a spread below this share of the value is round-off, not variation
ATOL = 1e-9  # and so is a spread this small around zero
PAD = 0.05  # a constant is shown on a range of +-5 % around it (+-1 around zero)


def near_constant(values) -> bool:
    finite = np.asarray(values, dtype=float).ravel()
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return False
    low, high = float(finite.min()), float(finite.max())
    return high - low <= max(RTOL * max(abs(low), abs(high)), ATOL)


def padded_range(values) -> tuple[float, float]:
    """A range around near-constant ``values`` that shows them as one readable number."""
    finite = np.asarray(values, dtype=float).ravel()
    finite = finite[np.isfinite(finite)]
    centre = float(np.median(finite)) if finite.size else 0.0
    half = PAD * abs(centre) if abs(centre) > ATOL else 1.0
    return centre - half, centre + half


def _value_text(values) -> str:
    finite = np.asarray(values, dtype=float).ravel()
    finite = finite[np.isfinite(finite)]
    return f"{float(np.median(finite)):.4g}" if finite.size else "no value"


def steady_axis(ax, values, which: str = "y", note: str | None = None) -> bool:
    """No offset notation on ``ax``'s linear ``which`` axis; for near-constant ``values`` a
    padded range and, if ``note`` is given, the note with the value in the axes. Returns
    whether the values were near-constant. Call it after plotting."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    if axis.get_scale() != "linear":
        return False
    formatter = axis.get_major_formatter()
    if isinstance(formatter, ScalarFormatter):
        formatter.set_useOffset(False)
    if not near_constant(values):
        return False
    (ax.set_ylim if which == "y" else ax.set_xlim)(*padded_range(values))
    if note:
        ax.text(0.5, 0.92, f"{note}: {_value_text(values)}", transform=ax.transAxes,
                ha="center", va="top", fontsize=8, color="#444444",
                bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#bbbbbb"})
    return True
