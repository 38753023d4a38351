"""Redness and downtime: days of visible redness after each session."""

from __future__ import annotations

import numpy as np

from needlesim.healing.species import EPI, M1, PAP, N, S
from needlesim.parameters import ParameterSet


def redness_index(x, params: ParameterSet) -> np.ndarray:
    """Inflammation index of the superficial skin (epidermis and papillary dermis), over
    (time, patients): vasodilating damage signals, neutrophils, inflammatory macrophages."""
    index = (params.get("redness_damage_weight") * x[:, S] + x[:, N]
             + params.get("redness_macrophage_weight") * x[:, M1])
    return 0.5 * (index[..., EPI] + index[..., PAP])


def redness_times(session_days, horizon_day: float, step_day: float = 0.05) -> np.ndarray:
    """A fine grid over the first days after each session (for downtime and figures)."""
    grids = [np.arange(d, d + horizon_day, step_day) for d in session_days]
    return np.unique(np.concatenate(grids))


def downtime_days(times_day, redness, session_days, threshold: float) -> np.ndarray:
    """Per session and patient: time from the session to the last moment of visible redness
    before the next session. ``redness`` is (time, patients). Returns (session, patients)."""
    times = np.asarray(times_day)
    out = []
    bounds = list(session_days) + [np.inf]
    for j, start in enumerate(session_days):
        window = (times >= start) & (times < bounds[j + 1])
        t = times[window]
        visible = redness[window] > threshold  # (time, patients)
        any_visible = visible.any(axis=0)
        last = np.where(any_visible, t[::-1][np.argmax(visible[::-1], axis=0)], start)
        # interpolate the crossing after the last visible sample
        idx = np.searchsorted(t, last)
        nxt = np.minimum(idx + 1, t.size - 1)
        r_now = redness[window][idx, np.arange(redness.shape[1])]
        r_next = redness[window][nxt, np.arange(redness.shape[1])]
        frac = np.where(r_now > r_next, (r_now - threshold) / np.maximum(r_now - r_next, 1e-30), 0)
        crossing = last + np.clip(frac, 0, 1) * (t[nxt] - t[idx])
        out.append(np.where(any_visible, crossing - start, 0.0))
    return np.array(out)


def inflammation_burden_days(times_day, redness) -> np.ndarray:
    """Time integral of the redness index over the series (days), per patient."""
    return np.trapezoid(redness, np.asarray(times_day), axis=0)


def threshold(params: ParameterSet) -> float:
    return params.get("redness_threshold")
