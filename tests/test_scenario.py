import copy

import pytest

from needlesim.errors import InputError
from needlesim.scenario import (
    Patient,
    Protocol,
    Scenario,
    SessionOverride,
    build_scenario,
    default_scenario,
    load_scenario,
    session_plan,
)


def problems(data):
    with pytest.raises(InputError) as info:
        build_scenario(data)
    return info.value.problems


def only_problem(data):
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


def test_default_scenario_parses():
    scenario = default_scenario()
    assert scenario.protocol.sessions == 4
    assert scenario.protocol.interval_days == 28.0  # written as "4 weeks"


def test_units_in_strings_are_converted(scenario_dict):
    scenario_dict["protocol"]["needle_length_mm"] = "1500 um"
    scenario_dict["protocol"]["interval_days"] = "3 weeks"
    scenario_dict["patient"]["age_years"] = "40 years"
    scenario = build_scenario(scenario_dict)
    assert scenario.protocol.needle_length_mm == pytest.approx(1.5)
    assert scenario.protocol.interval_days == pytest.approx(21.0)
    assert session_plan(scenario.protocol)[1].day == pytest.approx(21.0)


def test_python_api_builds_the_same_objects(scenario_dict):
    from_dict = build_scenario(scenario_dict)
    built = Scenario(
        seed=3,
        patient=Patient(age_years=40, sex="female", fitzpatrick=3, site="cheek"),
        protocol=Protocol(sessions=2, interval_days=28, device="pen", needle_length_mm=1.0,
                          passes=2, area_cm2=4),
        output={"report_days": [30, 90]},
    )
    assert built == from_dict


def test_per_session_overrides(scenario_dict):
    scenario_dict["protocol"]["sessions"] = 3
    scenario_dict["protocol"]["overrides"] = [
        {"session": 2, "needle_length_mm": "0.5 mm", "serum": "tranexamic_acid"},
    ]
    plan = session_plan(build_scenario(scenario_dict).protocol)
    assert [s.needle_length_m for s in plan] == pytest.approx([1e-3, 0.5e-3, 1e-3])
    assert [s.serum for s in plan] == [None, "tranexamic_acid", None]
    assert SessionOverride(session=1, passes=3).passes == 3


@pytest.mark.parametrize(
    ("path", "value", "field", "unit"),
    [
        (("protocol", "needle_length_mm"), -1.0, "protocol.needle_length_mm", "mm"),
        (("protocol", "needle_length_mm"), "-0.5 mm", "protocol.needle_length_mm", "mm"),
        (("patient", "fitzpatrick"), 7, "patient.fitzpatrick", ""),
        (("protocol", "interval_days"), 0, "protocol.interval_days", "day"),
        (("protocol", "interval_days"), "0 weeks", "protocol.interval_days", "day"),
        (("patient", "age_years"), 130, "patient.age_years", "year"),
        (("protocol", "needle_length_mm"), "2 kg", "protocol.needle_length_mm", "mm"),
    ],
)
def test_out_of_range_values_name_field_value_range_and_unit(scenario_dict, path, value, field, unit):
    data = copy.deepcopy(scenario_dict)
    data[path[0]][path[1]] = value
    problem = only_problem(data)
    assert problem["field"] == field
    assert problem["unit"] == unit
    assert problem["allowed"]
    assert str(value).split()[0].lstrip("-") in str(problem["value"]) or problem["value"] == value


def test_absent_needle_length(scenario_dict):
    del scenario_dict["protocol"]["needle_length_mm"]
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.needle_length_mm"
    assert "required" in problem["allowed"]


def test_unknown_site_suggests_the_closest(scenario_dict):
    scenario_dict["patient"]["site"] = "cheeks"
    problem = only_problem(scenario_dict)
    assert problem["field"] == "patient.site"
    assert "did you mean 'cheek'" in problem["allowed"]


def test_unknown_device(scenario_dict):
    scenario_dict["protocol"]["device"] = "laser"
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.device"
    assert "roller" in problem["allowed"]


def test_needle_longer_than_the_device_can_set(scenario_dict):
    scenario_dict["protocol"]["needle_length_mm"] = 3.0  # the pen stops at 2.5 mm
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.needle_length_mm"
    assert problem["unit"] == "mm"
    assert "2.5" in problem["allowed"]


def test_override_needle_longer_than_device(scenario_dict):
    scenario_dict["protocol"]["overrides"] = [{"session": 2, "needle_length_mm": 3.2}]
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.overrides[0].needle_length_mm"


def test_typo_in_a_key_is_reported_with_a_suggestion(scenario_dict):
    scenario_dict["protocol"]["neddle_length_mm"] = 1.0
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.neddle_length_mm"
    assert "needle_length_mm" in problem["allowed"]


def test_unknown_serum(scenario_dict):
    scenario_dict["protocol"]["serum"] = "vitamin_k"
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.serum"


def test_serum_alias_accepted(scenario_dict):
    scenario_dict["protocol"]["serum"] = "vitamin_c"
    assert build_scenario(scenario_dict).protocol.serum == "vitamin_c"


def test_override_of_a_session_beyond_the_series(scenario_dict):
    scenario_dict["protocol"]["overrides"] = [{"session": 5, "passes": 3}]
    assert only_problem(scenario_dict)["field"] == "protocol.overrides"


def test_several_problems_are_reported_together(scenario_dict):
    scenario_dict["patient"]["fitzpatrick"] = 0
    scenario_dict["protocol"]["passes"] = 0
    assert {p["field"] for p in problems(scenario_dict)} == {"patient.fitzpatrick", "protocol.passes"}


def test_load_scenario_file(tmp_path):
    path = tmp_path / "young.toml"
    path.write_text(
        'seed = 2\n[patient]\nage_years = 25\nsex = "male"\nfitzpatrick = 2\nsite = "forehead"\n'
        '[protocol]\nsessions = 1\ninterval_days = 30\ndevice = "roller"\nneedle_length_mm = 0.5\n'
    )
    scenario = load_scenario(path)
    assert scenario.name == "young"
    assert scenario.patient.sex == "male"


def test_broken_toml_is_an_input_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[patient\nage_years = 3")
    with pytest.raises(InputError):
        load_scenario(path)
