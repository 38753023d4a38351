"""Cohort figures: outcome distributions per arm, and the arm comparison over time."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from needlesim.report.axes import near_constant, padded_range, steady_axis  # noqa: E402

PREFERRED = ("dermal_density_change_pct", "scar_score_change_pct", "collagen_I_change_pct",
             "downtime_days", "risks.pih_probability", "channels.depth_um_mean", "barrier.recovery_h")
CONSTANT = "constant across the cohort"


def figure_outputs(table: pd.DataFrame, limit: int = 4) -> list[str]:
    chosen = [c for c in PREFERRED if c in table and table[c].notna().any()]
    return chosen[:limit]


def distribution_figure(table: pd.DataFrame, outputs: list[str], arms: list[str]):
    """Histograms of each output on the last report day, one colour per arm."""
    last_day = table["day"].max()
    fig, axes = plt.subplots(1, len(outputs), figsize=(4 * len(outputs), 3.2), squeeze=False)
    for ax, column in zip(axes[0], outputs, strict=True):
        final = table.loc[table["day"] == last_day, column].dropna()
        # Shared edges over the arms; an output that does not vary is drawn as one bar in
        # the middle of a readable range around its value.
        if near_constant(final) or len(final) == 0:
            edges = np.linspace(*padded_range(final), 32)
        else:
            edges = np.linspace(float(final.min()), float(final.max()), 31)
        for arm in arms:
            values = table.loc[(table["arm"] == arm) & (table["day"] == last_day), column].dropna()
            ax.hist(values, bins=edges, alpha=0.55, label=arm)
        steady_axis(ax, final, "x", CONSTANT)
        ax.set_title(f"{column}\n(day {last_day:g})", fontsize=9)
        ax.set_ylabel("patients")
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def comparison_figure(table: pd.DataFrame, outputs: list[str], arms: list[str]):
    """Mean and 5-95 % band of each output against the day, one line per arm."""
    fig, axes = plt.subplots(1, len(outputs), figsize=(4 * len(outputs), 3.2), squeeze=False)
    for ax, column in zip(axes[0], outputs, strict=True):
        for arm in arms:
            grouped = table[table["arm"] == arm].groupby("day")[column]
            mean, low, high = grouped.mean(), grouped.quantile(0.05), grouped.quantile(0.95)
            ax.plot(mean.index, mean.values, marker="o", label=arm)
            ax.fill_between(mean.index, low.values, high.values, alpha=0.2)
        steady_axis(ax, table[column].dropna(), "y", CONSTANT)
        ax.set_title(f"{column}\n(mean, 5-95 % of patients)", fontsize=9)
        ax.set_xlabel("day after first session")
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def write_figures(table: pd.DataFrame, folder: str | Path, arms: list[str]) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    outputs = figure_outputs(table)
    if not outputs:
        return []
    paths = []
    for name, make in (("distributions.png", distribution_figure),
                       ("arm_comparison.png", comparison_figure)):
        fig = make(table, outputs, arms)
        paths.append(folder / name)
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
    return paths
