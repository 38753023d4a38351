"""Cohort figures: outcome distributions per arm, and the arm comparison over time."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np
import pandas as pd  # noqa: E402

PREFERRED = ("dermal_density_change_pct", "scar_score_change_pct", "collagen_I_change_pct",
             "downtime_days", "risks.pih_probability", "channels.depth_um_mean", "barrier.recovery_h")


def figure_outputs(table: pd.DataFrame, limit: int = 4) -> list[str]:
    chosen = [c for c in PREFERRED if c in table and table[c].notna().any()]
    return chosen[:limit]


def write_figures(table: pd.DataFrame, folder: str | Path, arms: list[str]) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    outputs = figure_outputs(table)
    if not outputs:
        return []
    paths = []
    last_day = table["day"].max()
    fig, axes = plt.subplots(1, len(outputs), figsize=(4 * len(outputs), 3.2), squeeze=False)
    for ax, column in zip(axes[0], outputs, strict=True):
        final = table.loc[table["day"] == last_day, column].dropna()
        # Shared edges over the arms; an output that hardly varies gets one bin, not an error.
        low, high = (float(final.min()), float(final.max())) if len(final) else (0.0, 1.0)
        spread = high - low > 1e-9 * max(1.0, abs(high))
        edges = np.linspace(low, high, 31) if spread else np.array([low - 0.5, high + 0.5])
        for arm in arms:
            values = table.loc[(table["arm"] == arm) & (table["day"] == last_day), column].dropna()
            ax.hist(values, bins=edges, alpha=0.55, label=arm)
        ax.set_title(f"{column}\n(day {last_day:g})", fontsize=9)
        ax.set_ylabel("patients")
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    paths.append(folder / "distributions.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)

    fig, axes = plt.subplots(1, len(outputs), figsize=(4 * len(outputs), 3.2), squeeze=False)
    for ax, column in zip(axes[0], outputs, strict=True):
        for arm in arms:
            grouped = table[table["arm"] == arm].groupby("day")[column]
            mean, low, high = grouped.mean(), grouped.quantile(0.05), grouped.quantile(0.95)
            ax.plot(mean.index, mean.values, marker="o", label=arm)
            ax.fill_between(mean.index, low.values, high.values, alpha=0.2)
        ax.set_title(f"{column}\n(mean, 5-95 % of patients)", fontsize=9)
        ax.set_xlabel("day after first session")
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    paths.append(folder / "arm_comparison.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)
    return paths
