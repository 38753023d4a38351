"""Transport figures: drawn from Results when a serum is applied, None otherwise."""

import matplotlib.pyplot as plt

from needlesim.report.figures import FIGURES
from needlesim.report.figures_transport import concentration_profile, cumulative_delivery
from needlesim.scenario import build_scenario
from needlesim.simulation import run

SCENARIO = {"seed": 3, "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 2,
                                   "site": "cheek"},
            "protocol": {"sessions": 1, "interval_days": 28, "device": "pen",
                         "needle_length_mm": 0.5, "serum": "niacinamide"}}


def test_figures_registered_and_drawn_only_with_a_serum():
    names = [name for name, _ in FIGURES]
    assert "serum_concentration_depth.png" in names and "serum_delivery.png" in names
    with_serum = run(build_scenario(SCENARIO))
    for make in (concentration_profile, cumulative_delivery):
        figure = make(with_serum)
        assert figure is not None and figure.axes
        plt.close(figure)
    text = {**SCENARIO, "protocol": {k: v for k, v in SCENARIO["protocol"].items() if k != "serum"}}
    without = run(build_scenario(text))
    assert concentration_profile(without) is None and cumulative_delivery(without) is None
