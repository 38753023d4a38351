"""The datasets each report figure reads. A figure can be drawn as soon as its datasets
exist, while the simulation goes on (`needlesim run` does: the channel figures while
serum and healing are computed); a dataset that never comes (no serum) leaves its figure
to the end, drawn with the whole Results. `tests/test_figure_pool.py` checks that each
figure drawn from its datasets alone is the figure drawn from the whole Results.
"""

from __future__ import annotations

FIGURE_DATASETS: dict[str, tuple[str, ...]] = {
    "puncture_map.png": ("punctures",),
    "channel_depth.png": ("skin", "channel_depth"),
    "barrier_recovery.png": ("barrier",),
    "serum_concentration_depth.png": ("delivery", "skin"),
    "serum_delivery.png": ("delivery",),
    "healing_cascade.png": ("healing", "downtime"),
    "collagen_elastin.png": ("healing", "healing_interval", "downtime"),
    "redness_per_session.png": ("healing", "downtime"),
}


class FigureData:
    """Some of a Results' datasets, all a figure maker reads (``data[name]``, ``.datasets``)."""

    def __init__(self, datasets: dict):
        self.datasets = dict(datasets)

    def __getitem__(self, name: str):
        return self.datasets[name]


def figure_data(results, name: str) -> FigureData | None:
    """The datasets figure ``name`` reads, once ``results`` holds them all; else None."""
    present = results.datasets
    needs = FIGURE_DATASETS[name]
    if not all(dataset in present for dataset in needs):
        return None
    return FigureData({dataset: present[dataset] for dataset in needs})
