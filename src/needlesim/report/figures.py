"""Figures of a report. Each figure reads Results only and returns a matplotlib Figure.

Stages register their figures in FIGURES as (file name, function); a function returns
None when the results hold nothing for it (e.g. no serum was applied). A function lays
its figure out with fixed margins (``layout.set_margins``) so that everything fits the
canvas: it is saved as it is.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

from needlesim.report import figures_channels, figures_healing, figures_transport  # noqa: E402

FigureMaker = Callable[[object], object]

FIGURES: list[tuple[str, FigureMaker]] = [
    ("puncture_map.png", figures_channels.puncture_map),
    ("channel_depth.png", figures_channels.channel_depth),
    ("barrier_recovery.png", figures_channels.barrier_recovery),
    ("serum_concentration_depth.png", figures_transport.concentration_profile),
    ("serum_delivery.png", figures_transport.cumulative_delivery),
    ("healing_cascade.png", figures_healing.cascade_one_session),
    ("collagen_elastin.png", figures_healing.matrix_over_series),
    ("redness_per_session.png", figures_healing.redness_per_session),
]
