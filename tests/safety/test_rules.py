"""Safety rules as data: each rule fires on the case it describes and stays quiet on the
protocol it is not about; thresholds come from rules.csv, sources resolve."""

import json

import pytest

from needlesim.parameters import default_parameters
from needlesim.safety import Case, SessionFacts, evaluate, summary_warnings
from needlesim.safety.rules import CHECKS, fire
from needlesim.safety.table import Row, aftercare_rows, rules, sources


def series(n, interval, depth, device="pen", area=40.0, serum=None):
    return [SessionFacts(i + 1, i * interval, device, depth, area, serum) for i in range(n)]


def case(site="cheek", depth=1.5, n=4, interval=28, age=45, condition="photoaging", device="pen",
         area=40.0, serum=None, summary=None):
    return Case(summary or {}, age, site, condition, 3, series(n, interval, depth, device, area, serum))


def codes(c):
    return [w["code"] for w in evaluate(c)]


def test_every_rule_names_a_check_sources_that_resolve_and_a_message_it_can_fill():
    known = sources()
    for row in rules() + aftercare_rows():
        assert row.sources, row.code
        for key in row.sources:
            assert key in known, f"{row.code}: source {key!r} is not in safety/data/sources.csv"
        assert row.firmness and row.note, row.code
    for row in rules():
        assert row.kind in CHECKS, row.code


def test_a_case_that_breaks_everything_fills_every_message():
    summary = {"channels": {"bleeding": True}, "downtime_days_per_session": [3.0, 3.0],
               "risks": {"granuloma_warning": True, "granuloma_serums": ["vitamin_c"],
                         "pih_probability": 0.5, "home_use": True}}
    worst = case("periorbital", 2.5, n=2, interval=1, age=16, condition="wrinkles",
                 device="home_roller", area=700, serum="lidocaine", summary=summary)
    found = evaluate(worst)
    assert {w["code"] for w in found} == {row.code for row in rules()}
    for w in found:
        assert "{" not in w["message"], w  # every placeholder was filled


def test_every_site_of_the_skin_data_has_a_depth_rule():
    covered = {row.params["site"] for row in rules() if row.kind == "depth_at_site"}
    assert set(default_parameters().sites) <= covered


def test_depth_beyond_what_is_used_at_the_site():
    assert codes(case("periorbital", 2.5))[:1] == ["DEPTH_BEYOND_SITE"]
    warning = evaluate(case("periorbital", 2.5))[0]
    assert "2.5 mm" in warning["message"] and "0.3 mm" in warning["message"]
    assert "DEPTH_BEYOND_SITE" not in codes(case("periorbital", 0.25))
    assert "DEPTH_BEYOND_SITE" not in codes(case("cheek", 1.5))  # the default scenario
    assert "DEPTH_BEYOND_SITE" in codes(case("forehead", 1.0))


def test_the_threshold_is_the_data_files():
    row = next(r for r in rules() if r.kind == "depth_at_site" and r.params["site"] == "periorbital")
    relaxed = Row(row.code, row.kind, {**row.params, "max_mm": 3.0}, row.message, row.source,
                  row.firmness, row.note)
    assert fire(row, case("periorbital", 2.5)) is not None
    assert fire(relaxed, case("periorbital", 2.5)) is None


def test_interval_shorter_than_the_skin_needs_at_that_depth():
    weekly = codes(case(depth=1.0, n=11, interval=7))  # a 1 mm roller weekly, 11 sessions
    assert "INTERVAL_TOO_SHORT" in weekly
    daily = evaluate(case(depth=0.5, n=5, interval=1))
    assert any(w["code"] == "INTERVAL_TOO_SHORT" and "1 days apart" in w["message"] for w in daily)
    assert "INTERVAL_TOO_SHORT" not in codes(case(depth=1.5, n=4, interval=28))
    assert "INTERVAL_TOO_SHORT" not in codes(case(depth=0.5, n=4, interval=14))
    assert "INTERVAL_TOO_SHORT" not in codes(case(depth=0.25, n=10, interval=1))  # no minimum below 0.3 mm


def test_interval_before_the_models_redness_has_faded():
    summary = {"downtime_days_per_session": [3.3, 3.3, 3.3]}
    assert "INTERVAL_BEFORE_HEALED" in codes(case(depth=0.25, n=3, interval=2, summary=summary))
    assert "INTERVAL_BEFORE_HEALED" not in codes(case(depth=0.25, n=3, interval=7, summary=summary))


def test_minors_treated_for_wrinkles():
    assert "MINOR_WRINKLES" in codes(case(age=16, condition="wrinkles", depth=0.5))
    assert "MINOR_WRINKLES" not in codes(case(age=16, condition="acne_scars", depth=0.5))
    assert "MINOR_WRINKLES" not in codes(case(age=30, condition="wrinkles", depth=0.5))


def test_home_devices_with_long_needles():
    assert "HOME_DEVICE_DEPTH" in codes(case(device="home_roller", depth=0.5, interval=28))
    assert "HOME_DEVICE_DEPTH" not in codes(case(device="home_roller", depth=0.25, interval=28))
    assert "HOME_DEVICE_DEPTH" not in codes(case(device="pen", depth=0.5, interval=28))


def test_numbing_cream_over_large_areas_and_into_channels():
    assert "NUMBING_LARGE_AREA" in codes(case("abdomen", 1.5, area=700, serum="lidocaine"))
    assert "NUMBING_LARGE_AREA" not in codes(case("abdomen", 1.5, area=300, serum="lidocaine"))
    # the model's uptake through the channels counts: 300 cm2 at 3 x intact skin is 900 cm2
    faster = {"delivery": {"lidocaine": {"enhancement_ratio": 3.0}}}
    assert "NUMBING_LARGE_AREA" in codes(case("abdomen", 1.5, area=300, serum="lidocaine",
                                              summary=faster))
    assert "NUMBING_INTO_CHANNELS" in codes(case(serum="prilocaine"))
    assert not {"NUMBING_INTO_CHANNELS", "NUMBING_LARGE_AREA"} & set(codes(case(serum="vitamin_c")))


def test_the_model_risks_read_from_the_summary_alone():
    summary = {"channels": {"bleeding": True},
               "risks": {"granuloma_warning": True, "granuloma_serums": ["vitamin_c"],
                         "pih_probability": 0.25, "home_use": True}}
    found = summary_warnings(summary)
    assert [w["code"] for w in found] == ["BLEEDING", "GRANULOMA", "PIH_RISK", "HOME_USE"]
    assert "vitamin_c" in found[1]["message"] and "25%" in found[2]["message"]
    assert summary_warnings({"risks": {"pih_probability": 0.05}}) == []
    json.dumps(found, allow_nan=False)
    assert all(set(w) == {"code", "message"} for w in found)


@pytest.mark.parametrize("site", ["cheek", "abdomen"])
def test_a_protocol_within_the_guidance_gives_no_safety_warning(site):
    assert codes(case(site, 1.5, n=4, interval=28)) == []
