"""Sensitivity figures: indices with their 95 % intervals, and over time for time courses."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from needlesim.report.axes import steady_axis  # noqa: E402

MAIN = {"sobol": ("S1", "ST"), "morris": ("mu_star",)}
CONSTANT = "constant output"  # the index name analyse() gives an output that never varies


def _bars(ax, last, method: str, factors: list[str]) -> None:
    width = 0.8 / len(MAIN[method])
    for k, index in enumerate(MAIN[method]):
        part = last[last["index"] == index].set_index("factor").reindex(factors)
        ax.bar(np.arange(len(factors)) + k * width, part["value"], width,
               yerr=part["conf"].fillna(0), capsize=3, label=index)
    ax.set_xticks(np.arange(len(factors)) + width * (len(MAIN[method]) - 1) / 2)
    ax.set_xticklabels(factors, rotation=30, ha="right", fontsize=8)
    values = last.loc[last["index"].isin(MAIN[method]), "value"]
    steady_axis(ax, values, "y", "same index for every factor")
    ax.legend(fontsize=8)


def output_figure(rows, method: str):
    """One output: its indices on the last day (bars with 95 % intervals) and, for a time
    course, the main index against the day."""
    last = rows[rows["day"] == rows["day"].max()]
    fig, axes = plt.subplots(1, 2 if rows["day"].nunique() > 1 else 1, figsize=(10, 3.5),
                             squeeze=False)
    ax = axes[0][0]
    factors = list(dict.fromkeys(last["factor"]))
    output = rows["output"].iloc[0]
    ax.set_title(f"{output} (day {last['day'].max():g}), 95 % CI", fontsize=9)
    if (last["index"] == CONSTANT).all():
        # the output did not vary over the samples: no index is defined, say so plainly
        ax.text(0.5, 0.5, "constant across the samples:\nno factor changes this output",
                transform=ax.transAxes, ha="center", va="center", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        _bars(ax, last, method, factors)
    if axes.shape[1] > 1:
        ax = axes[0][1]
        index = MAIN[method][-1]
        shown = rows[rows["index"] == index]
        for factor in factors:
            part = shown[shown["factor"] == factor].sort_values("day")
            ax.errorbar(part["day"], part["value"], yerr=part["conf"], marker="o", capsize=3,
                        label=factor)
        steady_axis(ax, shown["value"], "y", "same index on every day")
        ax.set_xlabel("day after first session")
        ax.set_title(f"{index} over time", fontsize=9)
        if len(shown):
            ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def write_figures(table, method: str, folder: str | Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for output, rows in table.groupby("output", sort=False):
        fig = output_figure(rows, method)
        paths.append(folder / f"{output.replace('.', '_')}.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
    return paths
