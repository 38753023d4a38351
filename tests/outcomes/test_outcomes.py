"""Outcome maps and risks (outcomes/clinical.py, outcomes/risks.py, outcomes/downtime.py)."""

import numpy as np
import pytest

from needlesim.outcomes.clinical import SCAR_TYPES, clinical_changes
from needlesim.outcomes.downtime import downtime_days, session_coverage, visible_redness
from needlesim.outcomes.risks import (
    granuloma_warning,
    infection_probability,
    pih_probability,
    risks,
    tram_track_probability,
)
from needlesim.parameters import default_parameters
from needlesim.scenario import Protocol, session_plan


@pytest.fixture(scope="module")
def params():
    return default_parameters()


def sessions(**settings):
    base = {"sessions": 3, "interval_days": 28, "device": "pen", "needle_length_mm": 1.5}
    return session_plan(Protocol(**{**base, **settings}))


def changes(dermis=0.3, papillary=0.4, elastin=-0.1):
    value = np.array([[dermis]])
    return {"collagen_dermis": value, "collagen_total": np.array([[papillary]]),
            "elastin_dermis": np.array([[elastin]])}


# --- hyperpigmentation -------------------------------------------------------------------

def test_pih_rises_with_phototype_and_with_inflammation(params):
    by_type = pih_probability(np.arange(1, 7), 5.0, params)
    assert np.all(np.diff(by_type) > 0)
    assert np.all((by_type > 0) & (by_type < 1))
    assert pih_probability(5, 20.0, params) > pih_probability(5, 2.0, params)


def test_pih_in_the_risk_summary_follows_the_patient(params):
    class Skin:
        bone_backing = False

    light, dark = Skin(), Skin()
    light.fitzpatrick, dark.fitzpatrick = 2, 5
    plan = sessions()
    assert risks(plan, dark, 10.0, params)["pih_probability"] > \
        risks(plan, light, 10.0, params)["pih_probability"]


# --- tram-tracks -------------------------------------------------------------------------

def test_tram_tracks_rollers_firm_pressure_and_bony_sites(params):
    pen = tram_track_probability(sessions(device="pen"), False, params)
    roller = tram_track_probability(sessions(device="roller"), False, params)
    firm = tram_track_probability(sessions(device="roller", pressure="firm"), False, params)
    light = tram_track_probability(sessions(device="roller", pressure="light"), False, params)
    bony = tram_track_probability(sessions(device="roller"), True, params)
    assert pen < roller
    assert light < roller < firm
    assert roller < bony
    assert 0 <= pen and firm <= 1


def test_tram_tracks_accumulate_over_sessions(params):
    one = tram_track_probability(sessions(device="roller", sessions=1), False, params)
    five = tram_track_probability(sessions(device="roller", sessions=5), False, params)
    assert five == pytest.approx(1 - (1 - one) ** 5)


# --- infection ---------------------------------------------------------------------------

def test_home_devices_carry_a_higher_infection_risk(params):
    clinic = infection_probability(sessions(device="roller", needle_length_mm=0.25), params)
    home = infection_probability(sessions(device="home_roller", needle_length_mm=0.25), params)
    assert home > 5 * clinic
    class Skin:
        fitzpatrick, bone_backing = 3, False
    summary = risks(sessions(device="home_roller", needle_length_mm=0.25), Skin(), 5.0, params)
    assert summary["home_use"] and summary["infection_probability"] == pytest.approx(home)


# --- granuloma ---------------------------------------------------------------------------

def test_granuloma_flag_for_serums_not_meant_for_the_dermis(params):
    assert granuloma_warning(sessions(serum="vitamin_c"), params) == ["vitamin_c"]
    assert granuloma_warning(sessions(serum="tranexamic_acid"), params) == []
    assert granuloma_warning(sessions(), params) == []
    mixed = sessions(serum="hyaluronic_acid",
                     overrides=[{"session": 2, "serum": "egf"}, {"session": 3, "serum": "egf"}])
    assert granuloma_warning(mixed, params) == ["egf"]


# --- clinical maps -----------------------------------------------------------------------

def test_ice_pick_scars_respond_least(params):
    change = {t: float(clinical_changes(changes(), params, scar_type=t)
                       ["scar_score_change_pct"][0, 0]) for t in SCAR_TYPES}
    assert all(v < 0 for v in change.values())  # all improve (negative is better)
    assert change["icepick"] == max(change.values())
    assert change["rolling"] == min(change.values())


def test_clinical_maps_are_monotone_and_bounded(params):
    low = clinical_changes(changes(dermis=0.1, papillary=0.1), params)
    high = clinical_changes(changes(dermis=0.6, papillary=0.6), params)
    assert high["scar_score_change_pct"] < low["scar_score_change_pct"] < 0
    assert high["texture_change_pct"] < low["texture_change_pct"] < 0
    assert high["dermal_density_change_pct"] > low["dermal_density_change_pct"] > 0
    assert high["scar_score_change_pct"] > -100
    capped = clinical_changes(changes(dermis=5.0), params, wrinkle_severity=1.0)
    assert capped["wrinkle_grade_change"] >= -1.0  # cannot improve beyond the grade present
    none = clinical_changes(changes(dermis=-0.05, papillary=-0.05), params)
    assert none["scar_score_change_pct"] == 0 and none["wrinkle_grade_change"] == 0


# --- redness and downtime ----------------------------------------------------------------

def test_downtime_is_the_threshold_crossing_of_an_exponential():
    times = np.arange(0, 20, 0.01)
    redness = np.exp(-times)[:, None]
    days = downtime_days(times, redness, [0.0], threshold=np.exp(-3.0))
    assert days[0, 0] == pytest.approx(3.0, abs=0.01)


def test_visible_redness_does_not_grow_with_the_injured_share():
    """Local redness: the same wound response over a tenth or all of the skin is as red."""
    times = np.arange(0, 10, 0.01)
    damage = np.array([[[0.1, 0.1, 0.0]], [[1.0, 1.0, 0.0]]]).reshape(2, 1, 3)
    area_average = np.exp(-times)[:, None] * np.array([0.1, 1.0])
    cover = session_coverage(times, [0.0], damage)
    local = visible_redness(area_average, cover, 1.0)
    assert np.allclose(local[:, 0], local[:, 1])
    spread = visible_redness(area_average, cover, 0.0)
    d = downtime_days(times, spread, [0.0], 0.05)
    assert d[0, 1] > d[0, 0] + 2  # the area average alone would make the pen red for longer
