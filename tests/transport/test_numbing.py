"""Numbing before the session: a catalogue cream on intact skin for its application time,
wiped off before needling; its onset and the share of the needling it covers."""

import math

import pytest

from needlesim.errors import InputError
from needlesim.scenario import build_scenario
from needlesim.transport.numbing import default_application_min, numbing_summary
from needlesim.web.scenario_schema import scenario_schemas

PROTOCOL = {"sessions": 1, "interval_days": 28, "needle_length_mm": 1.0}
PATIENT = {"age_years": 40, "sex": "female", "fitzpatrick": 2}


def test_the_scenario_names_a_numbing_cream_by_alias(params):
    scenario = build_scenario({"patient": PATIENT, "protocol": {**PROTOCOL, "numbing": "LMX4"}}, params)
    assert scenario.protocol.numbing == "lidocaine_4pct" and scenario.protocol.numbing_min is None


@pytest.mark.parametrize("change,field", [
    ({"numbing": "benzocaine"}, "protocol.numbing"),
    ({"numbing": "emla", "numbing_min": 0}, "protocol.numbing_min"),
    ({"numbing_min": 30}, "protocol.numbing_min"),
])
def test_bad_numbing_settings_name_their_field(params, change, field):
    with pytest.raises(InputError) as error:
        build_scenario({"patient": PATIENT, "protocol": {**PROTOCOL, **change}}, params)
    assert field in str(error.value)


def test_labels_set_the_default_application():
    assert default_application_min("lidocaine_4pct") == 30.0 and default_application_min("emla") == 60.0


@pytest.fixture(scope="module")
def summaries(default_run, params):
    skin, run = default_run
    return {minutes: numbing_summary(skin, "emla", minutes, 20 * 60.0, params)
            for minutes in (None, 20.0, 120.0)}


def test_a_longer_application_numbs_more(summaries):
    short, label, long = summaries[20.0], summaries[None], summaries[120.0]
    assert label["applied_min"] == 60.0
    assert (short["nerve_level_at_needling_over_threshold"]
            < label["nerve_level_at_needling_over_threshold"]
            < long["nerve_level_at_needling_over_threshold"])
    assert short["covered_share_of_session"] <= label["covered_share_of_session"] \
        <= long["covered_share_of_session"]


def test_onset_is_a_number_or_null_with_a_reason(summaries):
    for summary in summaries.values():
        assert 0.0 <= summary["covered_share_of_session"] <= 1.0
        onset = summary["onset_min"]
        if onset is None:
            assert "not reached" in summary["onset_min_null_reason"]
        else:
            assert math.isfinite(onset) and onset > 0
        # the onset with the cream left on does not depend on when it is wiped
        assert onset == summaries[None]["onset_min"]


def test_the_web_schema_offers_the_catalogue():
    defs = scenario_schemas(["cheek"], ["pen"], ["vitamin_c"], ["emla", "lidocaine_4pct"])
    keys = defs["ProtocolKeys"]["properties"]
    assert {"type": "string", "enum": ["emla", "lidocaine_4pct"]} in keys["numbing"]["anyOf"]
    assert "numbing_min" in keys


def test_the_transport_stage_reports_numbing_without_a_serum(params):
    from needlesim.prepare import prepare
    from needlesim.transport.stage import TransportStage

    scenario = build_scenario({"seed": 1, "patient": PATIENT,
                               "protocol": {**PROTOCOL, "area_cm2": 4, "numbing": "lidocaine_4pct",
                                            "numbing_min": 45}}, params)
    summary = TransportStage().summary(prepare(scenario, params))
    assert "delivery" not in summary
    assert summary["numbing"]["product"] == "lidocaine_4pct" and summary["numbing"]["applied_min"] == 45.0
