"""The report's summary table speaks plainly: labels with units, groups, 90 % intervals;
every figure has a caption; the barrier's phases are named wherever they are printed."""

import matplotlib.pyplot as plt

from needlesim.report.barrier_text import barrier_lines
from needlesim.report.captions import CAPTIONS, caption
from needlesim.report.figures import FIGURES
from needlesim.report.html import render
from needlesim.report.pdf import summary_lines
from needlesim.report.summary_labels import COMFORT, DOWNTIME, OTHER, SERUM, SKIN
from needlesim.report.summary_table import summary_rows, table_groups


def summary():
    """A summary shaped as a run writes it (a dressing, a serum, one report day)."""
    day = {"collagen_I_change_pct": 34.95, "dermal_density_change_pct": 45.3,
           "wrinkle_grade_change": -1.36,
           "interval_90": {"collagen_I_change_pct": [25.51, 49.12],
                           "dermal_density_change_pct": [36.1, 57.8],
                           "wrinkle_grade_change": [-1.73, -1.08]}}
    return {
        "scenario": "t", "research_use": "research only",
        "channels": {"density_per_cm2": 3652.5, "depth_um_mean": 1428.7, "bleeding": True,
                     "fraction_reaching_dermis": 1.0, "device": "skinpen"},
        "barrier": {"closure_half_life_h": 96.5, "recovery_h": 40.9,
                    "closure_half_life_uncovered_h": 5.5, "occlusion_hours": 24.0,
                    "closure_half_life_occluded_h": 96.5},
        "delivery": {"vitamin_c": {"dermis_ug_per_cm2": 749.3, "enhancement_ratio": 35.8,
                                   "active": "ascorbic_acid"}},
        "downtime_days": 3.279, "downtime_days_per_session": [3.279, 3.279],
        "at_day": {"90": day},
        "risks": {"pih_probability": 0.2567, "granuloma_serums": ["vitamin_c"]},
        "brand_new_key": 1.5,
        "warnings": [{"code": "X", "message": "m"}],
        "provenance": {"version": "0", "seed": 1, "parameter_set": "p", "citations": []},
    }


def rows_by_key(groups):
    return {row.key: (group, row) for group, rows in groups for row in rows}


def test_rows_have_plain_labels_units_groups_and_intervals():
    groups = table_groups(summary())
    assert [g for g, _ in groups] == [COMFORT, DOWNTIME, SERUM, SKIN, OTHER]
    rows = rows_by_key(groups)
    group, row = rows["at_day.90.collagen_I_change_pct"]
    assert group == SKIN and row.label == "Collagen I change at day 90 [%]"
    assert row.value == "+35.0" and row.interval == "+25.5 to +49.1"
    assert rows["channels.depth_um_mean"][1].label == "Mean channel depth [µm]"
    assert rows["channels.density_per_cm2"][1].value == "3,652"
    assert rows["channels.fraction_reaching_dermis"][1].value == "100"  # a share, in %
    assert rows["risks.pih_probability"][1].value == "25.7"
    assert rows["channels.bleeding"][1].value == "yes"
    assert rows["delivery.vitamin_c.dermis_ug_per_cm2"][1].label.startswith("vitamin_c: ")
    assert rows["downtime_days_per_session"][1].value == "3.3, 3.3"
    # no row is a dotted key, except a key the labels do not know yet (kept, not dropped)
    assert all("." not in row.label.split(" [")[0] or group == OTHER
               for group, rows_ in groups for row in rows_)
    assert rows["brand_new_key"][0] == OTHER


def test_hidden_and_redundant_keys_are_left_out():
    rows = rows_by_key(table_groups(summary()))
    assert "at_day.90.scar_score_change_pct" not in rows  # no acne scars: no such key
    assert not any(".interval_90." in key or key.startswith(("provenance", "warnings"))
                   for key in rows)
    assert "barrier.closure_half_life_h" not in rows  # the phase rows say it
    assert {"barrier.closure_half_life_occluded_h", "barrier.closure_half_life_uncovered_h",
            "barrier.occlusion_hours", "barrier.recovery_h"} <= set(rows)
    older = summary()
    older["barrier"] = {"closure_half_life_h": 5.8, "recovery_h": 19.3}
    assert "barrier.closure_half_life_h" in rows_by_key(table_groups(older))


def test_html_table_and_figure_captions(tmp_path):
    figure = tmp_path / "barrier_recovery.png"
    fig, _ = plt.subplots(figsize=(1, 1))
    fig.savefig(figure)
    plt.close(fig)
    page = render(summary(), [figure], ["a source"])
    assert "<th>90 % interval</th>" in page and "+25.5 to +49.1" in page
    assert '<th colspan="3">Skin changes by day</th>' in page
    assert "Collagen I change at day 90 [%]" in page
    assert "<td>at_day.90.collagen_I_change_pct</td>" not in page
    assert f"<figcaption>{CAPTIONS['barrier_recovery.png'][:40]}" in page.replace("&#x27;", "'")


def test_pdf_table_uses_the_same_rows():
    rows = summary_rows(summary())
    assert (SKIN, None) in rows
    assert ("Collagen I change at day 90 [%]", "+35.0  (90 %: +25.5 to +49.1)") in rows
    text = "\n".join(summary_lines("title", rows, [], [], []))
    assert "  Skin changes by day" in text and "90 % interval: 5th to 95th percentile" in text


def test_every_report_figure_has_a_caption():
    for name, _ in FIGURES:
        assert name in CAPTIONS, name
        assert len(caption(name)) > 40 and caption(name) != name
    assert caption("unknown.png") == "unknown.png"


def test_barrier_lines_name_each_phase():
    occluded = "\n".join(barrier_lines(summary()["barrier"]))
    assert "dressing on:" in occluded and "96.5 h (median channel, first 24 h)" in occluded
    assert "uncovered:" in occluded and "5.5 h" in occluded
    assert "barrier 90 % resealed after:" in occluded and "40.9 h" in occluded
    plain = barrier_lines({"closure_half_life_h": 5.8, "recovery_h": 19.3,
                           "closure_half_life_uncovered_h": 5.8, "occlusion_hours": 0.0})
    assert len(plain) == 2 and "dressing" not in "".join(plain)


def test_pigment_keys_have_plain_labels_and_intervals():
    data = summary()
    data["at_day"]["90"].update({"melanin_index_change_pct": -4.2, "masi_change_pct": -38.0})
    data["at_day"]["90"]["interval_90"].update({"melanin_index_change_pct": [-7.0, -2.0],
                                                "masi_change_pct": [-60.0, -20.0]})
    rows = rows_by_key(table_groups(data))
    group, row = rows["at_day.90.masi_change_pct"]
    assert group == SKIN and row.label == "Melasma score (MASI) change at day 90 [%]"
    assert row.value == "-38.0" and row.interval == "-60.0 to -20.0"
    group, row = rows["at_day.90.melanin_index_change_pct"]
    assert group == SKIN and row.label == "Pigment (melanin index) change at day 90 [%]"
