"""Figures of the transport stage: concentration against depth over time (with the skin's
layers), and cumulative delivery into the dermis with and without needling. Each reads
Results only and returns None when no serum was applied."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from needlesim.constants import CM2_M2, UM_M
from needlesim.report.figures_channels import LAYER_COLOURS
from needlesim.report.layout import set_margins

NOTE = "research and education model; not for clinical decisions"


def _delivery(results):
    datasets = getattr(results, "datasets", {})
    return datasets.get("delivery")


def _layer_bands(ax, results, bottom_um: float) -> None:
    skin = results.datasets.get("skin")
    if skin is None:
        return
    for layer in skin.layer.values:
        top_um = float(skin.top_m.sel(layer=layer)) / UM_M
        low_um = min(float(skin.bottom_m.sel(layer=layer)) / UM_M, bottom_um)
        if top_um >= bottom_um:
            break
        ax.axhspan(top_um, low_um, color=LAYER_COLOURS.get(str(layer), "#eeeeee"), zorder=0)
        if low_um - top_um > 0.04 * bottom_um:
            ax.text(0.99, (top_um + low_um) / 2, str(layer).replace("_", " "),
                    transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=8,
                    color="#555555")


def _profile_panel(ax, delivery, results, bottom_um, floor, peak, legend):
    depth = delivery.depth_um.values
    needled = delivery.concentration_kg_m3.values
    intact = delivery.intact_concentration_kg_m3.values
    colours = plt.cm.viridis(np.linspace(0.0, 0.85, needled.shape[0]))
    for row, hours in enumerate(delivery.profile_time_h.values):
        label = f"{hours * 60:.0f} min" if hours < 1 else f"{hours:g} h"
        ax.plot(np.maximum(needled[row], floor), depth, color=colours[row], lw=2,
                label=f"needled, {label}")
        ax.plot(np.maximum(intact[row], floor), depth, color=colours[row], lw=1.2, ls="--",
                label=f"intact, {label}")
    _layer_bands(ax, results, bottom_um)
    ax.set_xscale("log")
    ax.set_xlim(floor, peak * 2)
    ax.set_ylim(bottom_um, 0)
    ax.grid(True, axis="x", alpha=0.3)
    if legend:
        ax.legend(fontsize=7, ncol=2, loc="lower left", framealpha=0.9)


def concentration_profile(results):
    """Laterally averaged concentration against depth at 15 min, 1, 6 and 24 h (first
    session with a serum), needled (solid) and through intact skin (dashed); left the
    whole modelled depth, right the epidermis and papillary dermis enlarged."""
    delivery = _delivery(results)
    if delivery is None:
        return None
    depth = delivery.depth_um.values
    needled = delivery.concentration_kg_m3.values
    intact = delivery.intact_concentration_kg_m3.values
    peak = max(float(np.nanmax(needled)), float(np.nanmax(intact)), 1e-30)
    floor = peak * 1e-5
    skin = results.datasets.get("skin")
    dej = float(delivery.attrs.get("dej_depth_um", 100.0))
    papillary = (float(skin.bottom_m.sel(layer="papillary_dermis")) / UM_M if skin is not None
                 else 3 * dej)
    fig, (whole, near) = plt.subplots(1, 2, figsize=(11, 5.5), sharex=True,
                                      gridspec_kw={"width_ratios": [1.2, 1]})
    _profile_panel(whole, delivery, results, float(depth.max()), floor, peak, legend=True)
    _profile_panel(near, delivery, results, max(papillary, dej * 1.5), floor, peak, legend=False)
    whole.set_ylabel("Depth below the skin surface [um]")
    whole.set_title("whole modelled depth", fontsize=9)
    near.set_title("epidermis and papillary dermis (enlarged)", fontsize=9)
    for ax in (whole, near):
        ax.set_xlabel("Concentration in tissue [mg/mL], laterally averaged")
    fig.suptitle(f"{delivery.attrs.get('active', 'serum')}: concentration against depth after "
                 f"application (session 1); solid needled, dashed intact skin", fontsize=11)
    fig.text(0.01, 0.005, NOTE, fontsize=7, color="grey")
    set_margins(fig, bottom=0.75, wspace_in=0.45)  # the note below the x labels
    return fig


def cumulative_delivery(results):
    """Cumulative amount that entered the dermis against time after application, needled
    (one line per session with a serum) and through intact skin."""
    delivery = _delivery(results)
    if delivery is None:
        return None
    hours = delivery.time_h.values
    fig, ax = plt.subplots(figsize=(7, 5))
    needled = delivery.dermis_ug_per_cm2.values
    intact = delivery.intact_dermis_ug_per_cm2.values
    shown = hours >= 0
    top = float(np.nanmax(needled)) if needled.size else 1.0
    floor = max(top, 1e-30) * CM2_M2
    same = bool(np.allclose(needled, needled[:1], rtol=0.01))
    sessions = delivery.session.values
    if same:
        label = (f"needled, sessions {sessions[0]}-{sessions[-1]} (alike)" if sessions.size > 1
                 else f"needled, session {sessions[0]}")
        ax.plot(hours[shown], np.maximum(needled[0, shown], floor), lw=2.2, label=label)
    else:
        for row, session in enumerate(sessions):
            ax.plot(hours[shown], np.maximum(needled[row, shown], floor), lw=2,
                    label=f"needled, session {session}")
    ax.plot(hours[shown], np.maximum(intact[0, shown], floor), color="black", ls="--", lw=1.5,
            label="intact skin (same serum)")
    end_needled, end_intact = needled[0, -1], intact[0, -1]
    ratio = end_needled / end_intact if end_intact > 0 else float("inf")
    ax.set_yscale("log")
    ax.set_ylim(floor, top * 3)
    ax.set_xlim(0, hours.max())
    ax.set_xticks(np.arange(0, hours.max() + 1e-9, 6 if hours.max() > 12 else 1))
    ax.set_xlabel("Time after application [h]")
    ax.set_ylabel("Cumulative amount into the dermis [ug/cm2]")
    text = f"at {hours.max():g} h: {end_needled:.3g} vs {end_intact:.3g} ug/cm2"
    if np.isfinite(ratio):
        text += f" (x{ratio:.3g})"
    ax.set_title(f"{delivery.attrs.get('active', 'serum')}: delivery into the dermis\n{text}",
                 fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.text(0.01, 0.005, NOTE, fontsize=7, color="grey")
    set_margins(fig, bottom=0.75, top=0.6)  # the note below; a two-line title
    return fig
