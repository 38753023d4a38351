"""Sensitivity figures: indices with their 95 % intervals, and over time for time courses."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

MAIN = {"sobol": ("S1", "ST"), "morris": ("mu_star",)}


def write_figures(table, method: str, folder: str | Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for output, rows in table.groupby("output", sort=False):
        last = rows[rows["day"] == rows["day"].max()]
        fig, axes = plt.subplots(1, 2 if rows["day"].nunique() > 1 else 1, figsize=(10, 3.5),
                                 squeeze=False)
        ax = axes[0][0]
        factors = list(dict.fromkeys(last["factor"]))
        width = 0.8 / len(MAIN[method])
        for k, index in enumerate(MAIN[method]):
            part = last[last["index"] == index].set_index("factor").reindex(factors)
            ax.bar(np.arange(len(factors)) + k * width, part["value"], width,
                   yerr=part["conf"].fillna(0), capsize=3, label=index)
        ax.set_xticks(np.arange(len(factors)) + width * (len(MAIN[method]) - 1) / 2)
        ax.set_xticklabels(factors, rotation=30, ha="right", fontsize=8)
        ax.set_title(f"{output} (day {last['day'].max():g}), 95 % CI", fontsize=9)
        ax.legend(fontsize=8)
        if axes.shape[1] > 1:
            ax = axes[0][1]
            index = MAIN[method][-1]
            for factor in factors:
                part = rows[(rows["factor"] == factor) & (rows["index"] == index)].sort_values("day")
                ax.errorbar(part["day"], part["value"], yerr=part["conf"], marker="o", capsize=3,
                            label=factor)
            ax.set_xlabel("day after first session")
            ax.set_title(f"{index} over time", fontsize=9)
            ax.legend(fontsize=7)
        fig.tight_layout()
        paths.append(folder / f"{output.replace('.', '_')}.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
    return paths
