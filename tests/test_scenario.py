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
    scenario_dict["protocol"]["overrides"] = [{"session": 1, "passes": 3}, {"session": 5, "passes": 3}]
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.overrides[1].session"
    assert problem["value"] == 5 and "1 to 2" in problem["allowed"]


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


@pytest.mark.parametrize(("path", "value", "fragment"), [
    (("protocol", "occluded"), "yes", "true or false"),
    (("protocol", "anti_inflammatory"), 1, "true or false"),
    (("protocol", "passes"), "4", "whole number"),
    (("protocol", "passes"), 2.5, "no fraction"),
    (("patient", "fitzpatrick"), "3", "whole number"),
    (("protocol", "sessions"), True, "whole number"),
    (("protocol", "overlap_fraction"), "0.2", "a number"),
    (("patient", "severity"), False, "a number"),
])
def test_kinds_are_not_coerced(scenario_dict, path, value, fragment):
    scenario_dict[path[0]][path[1]] = value
    problem = only_problem(scenario_dict)
    assert problem["field"] == ".".join(path) and problem["value"] == value
    assert fragment in problem["allowed"]


def test_whole_floats_and_numpy_values_are_accepted(scenario_dict):
    """Cohorts and sensitivity studies pass numbers drawn by numpy."""
    import numpy as np

    scenario_dict["patient"]["fitzpatrick"] = np.int64(4)
    scenario_dict["protocol"].update(sessions=3.0, occluded=np.bool_(True),
                                     overlap_fraction=np.float64(0.25))
    protocol = build_scenario(scenario_dict).protocol
    assert (protocol.sessions, protocol.occluded, protocol.overlap_fraction) == (3, True, 0.25)


@pytest.mark.parametrize(("key", "text", "point"), [
    ("needle_length_mm", "1,5", "'1.5'"), ("needle_length_mm", "1,5 mm", "'1.5 mm'"),
    ("interval_days", "3,5 weeks", "'3.5 weeks'"),
])
def test_decimal_commas_are_refused_with_the_point_form(scenario_dict, key, text, point):
    scenario_dict["protocol"][key] = text
    problem = only_problem(scenario_dict)
    assert problem["field"] == f"protocol.{key}" and point in problem["allowed"]


@pytest.mark.parametrize(("key", "text", "value"), [
    ("area_cm2", "10 cm^2", 10.0), ("area_cm2", "10 cm**2", 10.0), ("area_cm2", "1000 mm²", 10.0),
    ("glide_speed_cm_s", "20 mm/s", 2.0), ("needle_length_mm", "1500 µm", 1.5),
    ("interval_days", "2 weeks", 14.0), ("occlusion_hours", "1 day", 24.0),
])
def test_quantity_text_forms(scenario_dict, key, text, value):
    scenario_dict["protocol"][key] = text
    assert getattr(build_scenario(scenario_dict).protocol, key) == pytest.approx(value)


@pytest.mark.parametrize("text", ["9**9**9 mm", "2**10000 mm", "1 mm + 1 mm", "(1) mm", "1" * 50])
def test_quantity_text_is_a_number_and_a_unit_not_an_expression(scenario_dict, text):
    scenario_dict["protocol"]["needle_length_mm"] = text  # pint would evaluate these
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.needle_length_mm"
    assert "a number and a unit" in problem["allowed"]


def test_duplicate_override_names_the_second_session(scenario_dict):
    scenario_dict["protocol"]["overrides"] = [{"session": 2, "passes": 3}, {"session": 2, "passes": 1}]
    problem = only_problem(scenario_dict)
    assert problem["field"] == "protocol.overrides[1].session" and "once" in problem["allowed"]
