"""What the dashboard draws from a finished run: the summary in plain words (warnings, then
labelled rows with units and 90 % intervals) and the time series of its charts."""

from __future__ import annotations

import re

from needlesim.web.summary_view import readable_summary


def test_table_has_warnings_then_labelled_rows_with_units_and_intervals(finished):
    client, run_id = finished
    readable = client.get(f"/api/runs/{run_id}/table").json()
    assert readable["warnings"] and all(set(w) == {"code", "message"} for w in readable["warnings"])
    titles = [group["title"] for group in readable["groups"]]
    assert titles[:2] == ["Channels and comfort", "Downtime and risks"]
    assert "Skin changes by day" in titles
    rows = {row["key"]: row for group in readable["groups"] for row in group["rows"]}
    collagen = rows["at_day.90.collagen_I_change_pct"]
    assert collagen["label"] == "Collagen I change at day 90 [%]"
    assert re.fullmatch(r"[-+][\d.,]+", collagen["value"])
    assert re.fullmatch(r"[-+][\d.,]+ to [-+][\d.,]+", collagen["interval"])
    assert rows["channels.depth_um_mean"]["label"].endswith("[µm]")
    labelled = [row for group in readable["groups"] if group["title"] != "Other summary keys"
                for row in group["rows"]]
    assert all(row["label"] != row["key"] and "_" not in row["label"].split(":")[-1]
               for row in labelled)  # words, not the summary's dotted keys
    assert "90 %" in readable["interval_note"]
    assert client.get(f"/api/runs/{run_id}/table").json() == readable


def test_pigment_keys_show_in_plain_words_with_their_intervals():
    day = {"masi_change_pct": -38.0, "melanin_index_change_pct": -4.2,
           "interval_90": {"masi_change_pct": [-60.0, -20.0],
                           "melanin_index_change_pct": [-7.0, -2.0]}}
    readable = readable_summary({"at_day": {"90": day}})
    rows = {row["key"]: row for group in readable["groups"] for row in group["rows"]}
    assert rows["at_day.90.masi_change_pct"]["label"] == "Melasma score (MASI) change at day 90 [%]"
    assert rows["at_day.90.masi_change_pct"]["interval"] == "-60.0 to -20.0"
    assert "melanin index" in rows["at_day.90.melanin_index_change_pct"]["label"]


def test_warnings_may_be_strings_or_absent():
    plain = readable_summary({"warnings": ["Mind the sun."], "channels": {"bleeding": False}})
    assert plain["warnings"] == [{"code": "NOTE", "message": "Mind the sun."}]
    derived = readable_summary({"channels": {"bleeding": True}})
    assert any("bleeding" in w["message"].lower() for w in derived["warnings"])


def test_series_hold_the_charts_of_the_run(finished):
    client, run_id = finished
    charts = {chart["name"]: chart for chart in client.get(f"/api/runs/{run_id}/series").json()}
    assert {"collagen_elastin", "skin_quality", "redness", "barrier", "delivery",
            "channel_depth"} <= set(charts)
    for chart in charts.values():
        assert chart["title"] and chart["x_label"] and chart["y_label"]
        for series in chart["series"]:
            assert len(series["x"]) == len(series["y"]) > 5, (chart["name"], series["name"])
    collagen = {s["name"]: s for s in charts["collagen_elastin"]["series"]}["Collagen I"]
    assert len(collagen["low"]) == len(collagen["high"]) == len(collagen["band_x"])
    assert all(lo <= hi for lo, hi in zip(collagen["low"], collagen["high"], strict=True)
               if lo is not None and hi is not None)
    assert charts["collagen_elastin"]["markers"] == [0.0]  # the session days
    assert charts["barrier"]["series"][0]["y"][-1] > 90  # resealed [%] at the end
    summary = client.get(f"/api/runs/{run_id}/summary").json()
    day_90 = summary["at_day"]["90"]["collagen_I_change_pct"]
    at_90 = collagen["y"][min(range(len(collagen["x"])), key=lambda i: abs(collagen["x"][i] - 90))]
    assert abs(at_90 - day_90) < 0.05 * abs(day_90) + 0.5  # the same numbers as the summary


def test_views_of_an_unfinished_run_answer_409(client):
    from web_helpers import small_scenario

    run_id = client.post("/api/runs", json=small_scenario()).json()["id"]
    for view in ("table", "series"):
        assert client.get(f"/api/runs/{run_id}/{view}").status_code == 409
    assert client.get("/api/runs/" + "f" * 32 + "/series").status_code == 404
