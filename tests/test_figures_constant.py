"""Figures stay readable when an output hardly varies: no offset notation such as
"1e-12+3.279040176", a range around the value, and a note saying it is constant."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from needlesim.cohort.figures import comparison_figure, distribution_figure
from needlesim.report.axes import near_constant, steady_axis
from needlesim.report.figures_channels import barrier_recovery
from needlesim.sensitivity.figures import output_figure

DOWNTIME = 3.279040176


def readable(fig, which="y"):
    """Every axis of ``fig``: no offset text, no exponent in tick labels, a span > 0."""
    fig.canvas.draw()
    for ax in fig.axes:
        axis = ax.yaxis if which == "y" else ax.xaxis
        assert axis.get_offset_text().get_text() == "", axis.get_offset_text().get_text()
        labels = [t.get_text() for t in axis.get_ticklabels()]
        assert not any("e-" in t or "e+" in t for t in labels), labels
        low, high = ax.get_ylim() if which == "y" else ax.get_xlim()
        assert high - low > 0.01
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def cohort_table():
    days = [30, 90]
    rows = [{"arm": arm, "day": day, "patient": p,
             "downtime_days": DOWNTIME + 1e-12 * ((p + day) % 3)}
            for arm in ("a", "b") for day in days for p in range(20)]
    return pd.DataFrame(rows)


def test_cohort_distribution_of_a_constant_output():
    fig = distribution_figure(cohort_table(), ["downtime_days"], ["a", "b"])
    notes = readable(fig, "x")
    low, high = fig.axes[0].get_xlim()
    assert low < DOWNTIME < high and high - low < 1.0  # centred on the value, not 0..1e-12
    assert "constant across the cohort: 3.279" in notes
    plt.close(fig)


def test_cohort_arm_comparison_of_a_constant_output():
    fig = comparison_figure(cohort_table(), ["downtime_days"], ["a", "b"])
    assert "constant across the cohort" in readable(fig, "y")
    plt.close(fig)


def test_a_varying_output_gets_no_note():
    table = cohort_table()
    table["downtime_days"] = np.linspace(1, 5, len(table))
    fig = comparison_figure(table, ["downtime_days"], ["a", "b"])
    assert "constant" not in readable(fig, "y")
    plt.close(fig)


def test_sensitivity_figure_of_a_constant_output():
    rows = pd.DataFrame({"output": "downtime_days", "day": [30.0, 30.0, 90.0, 90.0],
                         "factor": ["x", "y", "x", "y"], "index": "constant output",
                         "value": 0.0, "conf": 0.0})
    fig = output_figure(rows, "sobol")
    fig.canvas.draw()
    assert "constant across the samples" in " ".join(t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)


def test_sensitivity_indices_that_do_not_vary_over_days():
    rows = pd.DataFrame({"output": "o", "day": [30.0, 30.0, 90.0, 90.0] * 2,
                         "factor": ["x", "y"] * 4, "index": ["S1"] * 4 + ["ST"] * 4,
                         "value": [0.7 + 1e-13, 0.3] * 2 + [0.7, 0.3 + 1e-13] * 2,
                         "conf": 0.01})
    fig = output_figure(rows, "sobol")
    readable(fig, "y")
    plt.close(fig)


def test_report_barrier_figure_with_constant_curves():
    times = np.array([0.0, 0.05, 1.0, 10.0, 100.0])
    data = xr.Dataset(
        {"barrier_resealed_fraction": (("session", "time_h"), np.full((1, 5), 1.0 - 1e-13)),
         "water_loss_ratio": (("session", "time_h"), 1.0 + 1e-12 * np.arange(5)[None, :])},
        coords={"session": [1], "time_h": times})
    fig = barrier_recovery({"barrier": data})
    assert "constant" in readable(fig, "y")
    plt.close(fig)


@pytest.mark.parametrize("values, constant", [
    ([3.279040176, 3.279040176 + 1e-12], True), ([0.0, 1e-13], True),
    ([1.0, 1.01], False), ([np.nan, 2.0, 2.0], True), ([], False)])
def test_near_constant(values, constant):
    assert near_constant(values) is constant


def test_steady_axis_leaves_a_log_axis_alone():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [1e-3, 1e-3])
    ax.set_yscale("log")
    assert steady_axis(ax, [1e-3, 1e-3]) is False
    plt.close(fig)
