"""Each condition gets its own outcome keys; keys that do not apply are absent."""

from pathlib import Path

import pytest

from needlesim.parameters.conditions import (
    condition_names,
    condition_outcomes,
    condition_specific_outcomes,
    outcomes_of_condition,
)
from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation


def _day(condition):
    scenario = build_scenario({
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek",
                    "condition": condition},
        "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                     "passes": 2, "area_cm2": 2},
        "output": {"report_days": [60]},
    })
    return Simulation(scenario).run().summary()["at_day"]["60"]


def test_the_data_file_names_the_condition_specific_keys():
    assert condition_outcomes("acne_scars_boxcar") == ("scar_score_change_pct",)
    assert condition_outcomes("striae") == ("striae_width_change_pct",)
    assert condition_outcomes("varicella_scars") == ("scar_score_change_pct",)
    assert condition_outcomes("melasma") == ("masi_change_pct",)
    assert {"scar_score_change_pct", "wrinkle_grade_change", "striae_width_change_pct",
            "masi_change_pct"} <= condition_specific_outcomes()


@pytest.mark.slow
@pytest.mark.parametrize(("condition", "present", "absent"), [
    ("acne_scars", {"scar_score_change_pct"}, {"wrinkle_grade_change"}),
    ("photoaging", {"wrinkle_grade_change"}, {"scar_score_change_pct"}),
    ("striae", {"striae_width_change_pct"}, {"scar_score_change_pct", "wrinkle_grade_change"}),
    ("melasma", {"masi_change_pct"}, {"scar_score_change_pct", "wrinkle_grade_change"}),
    ("photoaging", {"melanin_index_change_pct"}, {"masi_change_pct"}),
])
def test_summary_keys_follow_the_condition(condition, present, absent):
    day = _day(condition)
    general = {"collagen_I_change_pct", "dermal_density_change_pct", "texture_change_pct",
               "melanin_index_change_pct"}
    assert (general | present) <= set(day)
    assert present <= set(day["interval_90"])
    assert not absent & set(day) and not absent & set(day["interval_90"])
    assert "scar_score_applies" not in day


def test_the_summary_page_lists_every_condition_with_its_keys():
    page = (Path(__file__).resolve().parents[2] / "docs" / "summary.md").read_text(encoding="utf-8")
    section = page.split("## Outcomes by condition", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| `")]
    for name in condition_names():
        cells = [keys for condition, keys in rows if f"`{name}`" in condition]
        assert len(cells) == 1, name
        listed = {part.strip(" `") for part in cells[0].split(",")} - {"none", "none yet"}
        assert listed == set(outcomes_of_condition(name)), name
