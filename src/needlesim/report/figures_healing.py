"""Figures of the healing stage: the cascade after one session, collagen and elastin over
the series and a year after (with ensemble intervals), redness per session.

Each function reads Results only and returns a matplotlib Figure, or None when the
results hold no healing data.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from needlesim.report.axes import steady_axis
from needlesim.report.layout import TOP_IN, set_margins

CASCADE_DAYS = 21.0
INFLAMMATION = {
    "damage": ("Damage signals", "#7f7f7f"),
    "neutrophils": ("Neutrophils", "#d62728"),
    "macrophages_M1": ("Macrophages, inflammatory (M1)", "#ff7f0e"),
    "macrophages_M2": ("Macrophages, reparative (M2)", "#2ca02c"),
    "growth_factor": ("Growth factors (TGF-beta)", "#9467bd"),
}
REPAIR = {  # species: (label, colour, compartment)
    "fibroblasts": ("Fibroblasts", "#1f77b4", "papillary_dermis"),
    "vessels": ("Vessels", "#e377c2", "papillary_dermis"),
    "tropoelastin": ("Tropoelastin", "#17becf", "papillary_dermis"),
    "keratinocyte_proliferation": ("Keratinocyte proliferation (epidermis)", "#bcbd22",
                                   "epidermis"),
}
MATRIX = {
    "collagen_I": ("Collagen I", "#1f77b4"),
    "collagen_III": ("Collagen III", "#ff7f0e"),
    "elastin": ("Elastin (mature)", "#2ca02c"),
}


def _get(results, name):
    try:
        return results[name]
    except KeyError:
        return None


def _curves(ax) -> np.ndarray:
    """The y values of an axes' data curves (reference lines have two points: left out)."""
    lines = [np.asarray(line.get_ydata(), float) for line in ax.get_lines()
             if len(line.get_xdata()) > 2]
    return np.concatenate(lines) if lines else np.array([])


def _session_days(results) -> np.ndarray:
    downtime = _get(results, "downtime")
    if downtime is None or "session_day" not in downtime:
        return np.array([0.0])
    return downtime.session_day.values


def cascade_one_session(results):
    """Inflammation and repair in the papillary dermis over three weeks after session 1."""
    healing = _get(results, "healing")
    if healing is None:
        return None
    days = _session_days(results)
    end = min(CASCADE_DAYS, days[1]) if days.size > 1 else CASCADE_DAYS
    window = healing.sel(time_day=slice(0.0, end), compartment="papillary_dermis")
    t = window.time_day.values
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.5, 6.5), sharex=True)
    for species, (label, colour) in INFLAMMATION.items():
        top.plot(t, window.state.sel(species=species), color=colour, label=label, lw=1.6)
    steady_axis(top, window.state.sel(species=list(INFLAMMATION)).values, "y", "constant")
    top.set_ylabel("Level [relative units]")
    top.set_title("Healing cascade after session 1 (papillary dermis)")
    top.legend(loc="upper right", fontsize=8, frameon=False)
    for species, (label, colour, compartment) in REPAIR.items():
        part = healing.sel(time_day=slice(0.0, end), compartment=compartment)
        state, rest = part.state.sel(species=species), part.untreated.sel(species=species)
        bottom.plot(t, 100 * (state / rest - 1), color=colour, label=label, lw=1.6)
    bottom.axhline(0, color="grey", lw=0.8)
    steady_axis(bottom, _curves(bottom), "y", "constant")
    bottom.set_ylabel("Change from resting tissue [%]")
    bottom.set_xlabel("Days after session 1")
    bottom.legend(loc="upper right", fontsize=8, frameon=False)
    bottom.set_xlim(0, end)
    set_margins(fig, hspace_in=0.15)
    return fig


def matrix_over_series(results):
    """Collagen I, III and elastin change against the untreated patient, with 5-95 % bands."""
    healing = _get(results, "healing")
    if healing is None:
        return None
    bands = _get(results, "healing_interval")
    months = healing.time_day.values / 30.44
    fig, ax = plt.subplots(figsize=(8, 5))
    for key, (label, colour) in MATRIX.items():
        name = f"{key}_change"
        if name not in healing:
            continue
        ax.plot(months, 100 * healing[name].values, color=colour, label=label, lw=1.8)
        band = f"{key}_change_pct"
        if bands is not None and band in bands:
            b = bands[band]
            ax.fill_between(bands.time_day.values / 30.44, b.sel(quantile=0.05),
                            b.sel(quantile=0.95), color=colour, alpha=0.18, lw=0)
    for i, day in enumerate(_session_days(results)):
        ax.axvline(day / 30.44, color="grey", ls=":", lw=0.9,
                   label="session" if i == 0 else None)
    ax.axhline(0, color="black", lw=0.8)
    steady_axis(ax, _curves(ax), "y", "constant")
    ax.set_xlim(0, months[-1])
    ax.set_xlabel("Months after session 1")
    ax.set_ylabel("Change vs the same patient untreated [%]")
    title = "Collagen and elastin over the series and a year after (papillary dermis)"
    if bands is not None:
        title += "\nshaded: 5-95 % over the calibration ensemble"
    ax.set_title(title, fontsize=11)
    ax.legend(loc="upper left", fontsize=9, frameon=False)
    set_margins(fig, top=0.6 if bands is not None else TOP_IN)  # a second title line
    return fig


def redness_per_session(results):
    """Visible redness after each session, and the days of downtime it gives."""
    healing, downtime = _get(results, "healing"), _get(results, "downtime")
    if healing is None or downtime is None:
        return None
    redness = healing.redness_index
    threshold = redness.attrs.get("threshold")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2),
                                      gridspec_kw={"width_ratios": [1.6, 1]})
    days = downtime.session_day.values
    colours = plt.cm.viridis(np.linspace(0, 0.85, days.size))
    for day, number, colour in zip(days, downtime.session.values, colours, strict=True):
        part = redness.sel(time_day=slice(day, day + 7.0))
        left.plot(part.time_day.values - day, part.values, color=colour, lw=1.5,
                  label=f"session {number}")
    if threshold is not None:
        left.axhline(threshold, color="darkred", ls="--", lw=1, label="visible above")
    left.set_xlim(0, 7)
    steady_axis(left, redness.values, "y", "constant")
    left.set_ylim(bottom=0)
    left.set_xlabel("Days after the session")
    left.set_ylabel("Redness of the injured spots [index]")
    left.set_title("Redness after each session")
    left.legend(fontsize=8, frameon=False)
    bars = right.bar(downtime.session.values, downtime.downtime_days.values, color=colours)
    right.bar_label(bars, fmt="%.1f d", fontsize=8)
    right.set_xticks(downtime.session.values)
    right.set_xlabel("Session")
    right.set_ylabel("Days of visible redness")
    right.set_title("Downtime per session")
    right.set_ylim(0, max(1.0, float(downtime.downtime_days.max()) * 1.25))
    set_margins(fig, wspace_in=0.75)
    return fig

