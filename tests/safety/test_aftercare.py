"""Aftercare derived from the model's barrier recovery, redness and PIH risk (aftercare.csv)."""

import json

import pytest

from needlesim.safety import aftercare_advice, summary_aftercare


def by_code(items):
    return {a["code"]: a for a in items}


@pytest.mark.parametrize(("recovery_h", "hours"), [(5.0, 24), (16.0, 24), (30.0, 36), (47.9, 48)])
def test_no_make_up_until_the_barrier_is_back_rounded_up_to_half_days(recovery_h, hours):
    item = by_code(aftercare_advice(recovery_h, 0.05, 2, 2.0))["NO_MAKEUP"]
    assert item["hours"] == hours and f"{hours} h" in item["message"]


def test_sun_protection_is_longer_when_pih_risk_is_notable_or_the_phototype_high():
    low = by_code(aftercare_advice(16.0, 0.05, 2, 3.0))["SUN_PROTECTION"]
    assert low["hours"] == 7 * 24
    for pih, phototype in ((0.2, 2), (0.05, 5)):
        high = by_code(aftercare_advice(16.0, pih, phototype, 3.0))["SUN_PROTECTION"]
        assert high["hours"] == 28 * 24 and "28 days" in high["message"]


def test_retinoids_and_acids_paused_at_least_a_week_and_while_red():
    assert by_code(aftercare_advice(16.0, 0.05, 2, 3.3))["PAUSE_ACTIVES"]["hours"] == 7 * 24
    long = by_code(aftercare_advice(16.0, 0.05, 2, 8.2))["PAUSE_ACTIVES"]
    assert long["hours"] == 9 * 24 and "8.2 days" in long["message"]


def test_summary_aftercare_is_json_safe_and_reads_the_summary():
    summary = {"barrier": {"recovery_h": 30.0}, "risks": {"pih_probability": 0.3},
               "downtime_days": 2.0}
    items = summary_aftercare(summary, 3)
    json.dumps(items, allow_nan=False)
    assert [a["code"] for a in items] == ["NO_MAKEUP", "SUN_PROTECTION", "PAUSE_ACTIVES"]
    assert by_code(items)["NO_MAKEUP"]["hours"] == 36
    assert by_code(items)["SUN_PROTECTION"]["hours"] == 28 * 24
