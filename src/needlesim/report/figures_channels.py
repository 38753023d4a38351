"""Figures of the channel stages: puncture map, channel depth against the layers, barrier."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from needlesim.constants import MM_M, UM_M
from needlesim.report.axes import steady_axis
from needlesim.report.layout import set_margins

LAYER_COLOURS = {
    "stratum_corneum": "#e8d5b7",
    "viable_epidermis": "#f2b8a2",
    "papillary_dermis": "#f7d9d9",
    "reticular_dermis": "#f0e6ef",
    "hypodermis": "#fff5cc",
}


def puncture_map(results):
    points = results["punctures"]
    size_mm = points.attrs["patch_size_m"] / MM_M
    fig, ax = plt.subplots(figsize=(5.5, 5))
    pierced = points.pierced.values.astype(bool)
    x, y = points.x_m.values / MM_M, points.y_m.values / MM_M
    depth_um = points.depth_m.values / UM_M
    shown = ax.scatter(x[pierced], y[pierced], c=depth_um[pierced], s=3, cmap="viridis")
    ax.scatter(x[~pierced], y[~pierced], s=3, c="red", marker="x", label="did not pierce")
    fig.colorbar(shown, ax=ax, label="Channel depth [um]")
    ax.set_xlim(0, size_mm)
    ax.set_ylim(0, size_mm)
    ax.set_aspect("equal")
    ax.set_xlabel("x [mm]")
    ax.set_ylabel("y [mm]")
    ax.set_title(f"Punctures of session {points.attrs['session']} ({size_mm:g} mm patch)")
    if (~pierced).any():
        ax.legend(loc="upper right", fontsize=8)
    set_margins(fig, right=0.3)
    return fig


def channel_depth(results):
    skin, depth = results["skin"], results["channel_depth"]
    fig, ax = plt.subplots(figsize=(6.5, 5))
    deepest = 0.0
    for session in depth.session.values:
        counts = depth.channels_per_cm2.sel(session=session).values
        if counts.sum() == 0:
            continue
        centres_um = depth.depth_m.values / UM_M
        deepest = max(deepest, centres_um[counts > 0].max())
        ax.plot(counts, centres_um, drawstyle="steps-mid", label=f"session {session}")
    bottom = max(deepest * 1.3, float(skin.bottom_m.sel(layer="papillary_dermis")) * 1.2e6)
    for layer in skin.layer.values:
        top_um = float(skin.top_m.sel(layer=layer)) / UM_M
        low_um = float(skin.bottom_m.sel(layer=layer)) / UM_M
        if top_um > bottom:
            break
        ax.axhspan(top_um, min(low_um, bottom), color=LAYER_COLOURS[str(layer)], zorder=0)
        ax.text(ax.get_xlim()[1] * 0.98, (top_um + min(low_um, bottom)) / 2,
                str(layer).replace("_", " "), ha="right", va="center", fontsize=8)
    ax.axhline(skin.attrs["capillary_loop_depth_m"] / UM_M, color="darkred", ls=":",
               label="capillary loops")
    ax.set_ylim(bottom, 0)
    steady_axis(ax, depth.channels_per_cm2.values, "x")
    ax.set_xlabel("Channels per cm2 per depth bin")
    ax.set_ylabel("Depth below the surface [um]")
    ax.set_title("Channel depth against the skin layers")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    set_margins(fig, right=1.45)  # the legend beside the axes
    return fig


def barrier_recovery(results):
    barrier = results["barrier"]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.5, 6), sharex=True)
    hours = np.maximum(barrier.time_h.values, 1e-2)
    for session in barrier.session.values:
        top.plot(hours, barrier.barrier_resealed_fraction.sel(session=session) * 100,
                 label=f"session {session}")
        bottom.plot(hours, barrier.water_loss_ratio.sel(session=session))
    top.axhline(90, color="grey", ls="--", lw=0.8)
    top.set_ylabel("Barrier resealed [%]")
    top.set_title("Barrier recovery after each session")
    top.legend(fontsize=8)
    bottom.set_ylabel("Water loss / intact (proxy)")
    bottom.set_xlabel("Time after the session [h]")
    bottom.set_xscale("log")
    steady_axis(top, barrier.barrier_resealed_fraction.values * 100, "y", "constant")
    steady_axis(bottom, barrier.water_loss_ratio.values, "y", "constant")
    set_margins(fig, hspace_in=0.15)
    return fig
