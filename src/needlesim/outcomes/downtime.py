"""Redness and downtime: days of visible redness after each session.

The kinetic model gives inflammation averaged over each compartment. Redness is made by the
dermal vessels, so the index reads the papillary dermis and a share of the reticular
dermis. The visible redness is that area average over the damage signal of the latest
session's superficial compartments (its coverage) to the power ``redness_local_exponent``
(0: area average, 1: purely local), times a vascular factor: spots whose channels cut
capillaries (pinpoint bleeding) are redder than spots of channels that stopped above them.
Between the area average and a purely local reading, downtime grows with the depth, the
density and the passes with diminishing returns (docs/healing.md).
"""

from __future__ import annotations

import numpy as np

from needlesim.healing.species import EPI, M1, PAP, RET, N, S
from needlesim.parameters import ParameterSet


def redness_index(x, params: ParameterSet) -> np.ndarray:
    """Inflammation index seen as redness, over (time, patients): vasodilating damage
    signals, neutrophils and inflammatory macrophages of the papillary dermis, whose
    vessels make the redness, plus a share of the reticular dermis's (deeper inflammation
    dilates the vessels that feed the superficial plexus and shows through). The epidermis
    has no vessels: its injury reddens the skin through the signals it sends down
    (``damage_spread_to_deeper``)."""
    index = (params.get("redness_damage_weight") * x[:, S] + x[:, N]
             + params.get("redness_macrophage_weight") * x[:, M1])
    return index[..., PAP] + params.get("redness_reticular_weight") * index[..., RET]


def _latest(times_day, session_days, per_session, before):
    """Value of the latest session at or before each time: (patients, session) -> (time, patients)."""
    times = np.asarray(times_day, float)
    latest = np.searchsorted(np.asarray(session_days, float), times + 1e-9, side="right") - 1
    value = np.asarray(per_session)[:, np.maximum(latest, 0)].T
    return np.where(latest[:, None] >= 0, value, before)


def session_coverage(times_day, session_days, damage) -> np.ndarray:
    """Superficial damage coverage (mean of epidermis and papillary dermis) of the latest
    session at or before each time, over (time, patients). ``damage`` is (patients,
    session, compartment); before the first session the coverage is 1."""
    superficial = 0.5 * (damage[..., EPI] + damage[..., PAP])
    return _latest(times_day, session_days, superficial, 1.0)


def vascular_factor(times_day, session_days, bleeding, weight: float) -> np.ndarray:
    """Redness of a wound relative to one that cut a capillary, from the latest session's
    share of bleeding channels: (1 + w b) / (1 + w), over (time, patients)."""
    b = _latest(times_day, session_days, bleeding, 1.0)
    return (1 + weight * b) / (1 + weight)


def visible_redness(index, coverage, exponent: float, vascular=1.0, floor: float = 1e-3):
    """Local redness in the injured spots from the area-averaged ``index`` (time, patients)."""
    return index / np.maximum(coverage, floor) ** exponent * vascular


def downtime_days(times_day, redness, session_days, threshold: float) -> np.ndarray:
    """Per session and patient: time from the session to the last moment of visible redness
    before the next session. ``redness`` is (time, patients). Returns (session, patients)."""
    times = np.asarray(times_day)
    out = []
    bounds = list(session_days) + [np.inf]
    for j, start in enumerate(session_days):
        window = (times >= start) & (times < bounds[j + 1] - 1e-9)
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
