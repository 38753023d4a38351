"""What a person reads follows the condition: the summary, the report's HTML table and the
dashboard's summary view show a condition's own outcomes in plain words with their 90 %
intervals, and nothing of another condition's."""

from functools import lru_cache

import pytest

from needlesim.report.html import render
from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation
from needlesim.web.summary_view import readable_summary

DAY = "90"
WIDTH = ("striae_width_change_pct", "Stretch mark width change at day 90")
SCAR = ("scar_score_change_pct", "Scar score change at day 90")
WRINKLE = ("wrinkle_grade_change", "Wrinkle grade change at day 90")


@lru_cache(maxsize=4)
def summary_of(condition: str, site: str) -> dict:
    scenario = build_scenario({
        "patient": {"age_years": 32, "sex": "female", "fitzpatrick": 3, "site": site,
                    "condition": condition},
        "protocol": {"sessions": 2, "interval_days": 30, "device": "pen", "needle_length_mm": 1.5,
                     "passes": 3, "area_cm2": 10},
        "output": {"report_days": [int(DAY)]},
    })
    return Simulation(scenario).run().summary()


@pytest.mark.slow
@pytest.mark.parametrize(("condition", "site", "shown", "hidden"), [
    ("striae", "thigh", [WIDTH], [SCAR, WRINKLE]),
    ("melasma", "cheek", [], [SCAR, WIDTH]),
    ("acne_scars", "cheek", [SCAR], [WIDTH, WRINKLE]),
])
def test_summary_report_and_dashboard_follow_the_condition(condition, site, shown, hidden):
    summary = summary_of(condition, site)
    day = summary["at_day"][DAY]
    page = render(summary, [], [])
    rows = {row["key"]: row for group in readable_summary(summary)["groups"]
            for row in group["rows"]}
    for key, label in shown:
        assert key in day and len(day["interval_90"][key]) == 2
        assert label in page
        row = rows[f"at_day.{DAY}.{key}"]
        assert row["label"].startswith(label) and " to " in row["interval"]
    for key, label in hidden:
        assert key not in day and key not in day["interval_90"]
        assert label not in page
        assert f"at_day.{DAY}.{key}" not in rows
