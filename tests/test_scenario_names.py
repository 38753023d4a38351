"""Names in a scenario (site, device, serum, condition, scar type, pressure, sex) are read
the same in TOML keys and in step sentences: any case and spacing, with the catalogue's
aliases, and kept in the catalogue's spelling."""

import pytest

from needlesim.parameters import default_parameters
from needlesim.scenario import build_scenario, session_plan
from needlesim.scenario.names import device_table, serum_table, site_table, squash


def with_names(scenario_dict, patient=None, protocol=None):
    scenario_dict["patient"].update(patient or {})
    scenario_dict["protocol"].update(protocol or {})
    return build_scenario(scenario_dict)


@pytest.mark.parametrize("key, written, kept", [
    ("site", "Upper Arm", "upper_arm"),
    ("site", "CHEEK", "cheek"),
    ("condition", "Acne Scars", "acne_scars"),
    ("condition", "photoageing", "photoaging"),
    ("scar_type", "Ice-pick", "icepick"),
    ("sex", "Female", "female"),
])
def test_patient_names(scenario_dict, key, written, kept):
    assert getattr(with_names(scenario_dict, patient={key: written}).patient, key) == kept


@pytest.mark.parametrize("key, written, kept", [
    ("device", "Dermapen", "dermapen_2012"),
    ("device", "DermaPen", "dermapen_2012"),
    ("device", "Skin Pen", "skinpen"),
    ("device", "PEN", "pen"),  # a kind stays a kind
    ("serum", "vitamin C", "vitamin_c"),  # an alias keeps its own spelling
    ("serum", "Ascorbic Acid", "ascorbic_acid"),
    ("serum", "hyaluronic-acid", "hyaluronic_acid"),
    ("pressure", "Firm", "firm"),
])
def test_protocol_names(scenario_dict, key, written, kept):
    assert getattr(with_names(scenario_dict, protocol={key: written}).protocol, key) == kept


def test_names_in_overrides_are_kept_in_catalogue_spelling(scenario_dict):
    scenario_dict["protocol"]["overrides"] = [
        {"session": 2, "device": "Dermapen", "serum": "Vitamin C", "pressure": "LIGHT"}]
    plan = session_plan(build_scenario(scenario_dict).protocol)
    assert (plan[1].device, plan[1].serum, plan[1].pressure) == ("dermapen_2012", "vitamin_c", "light")


def test_keys_and_steps_accept_the_same_names(scenario_dict):
    patient = scenario_dict["patient"]
    from_steps = build_scenario({"patient": patient, "protocol": {
        "steps": ["Dermapen at 1 mm, 2 passes, firm pressure, then Vitamin C serum"]}})
    from_keys = build_scenario({"patient": patient, "protocol": {
        "sessions": 1, "interval_days": 28, "device": "Dermapen", "needle_length_mm": 1,
        "passes": 2, "pressure": "Firm", "serum": "vitamin C"}})
    assert from_steps.protocol == from_keys.protocol


def test_serum_spellings_of_one_name_give_one_delivery_key(scenario_dict):
    """The summary's delivery key is the serum as written: spellings of one name agree."""
    serums = {with_names(scenario_dict, protocol={"serum": s}).protocol.serum
              for s in ("vitamin_c", "Vitamin C", "VITAMIN-C")}
    assert serums == {"vitamin_c"}


def test_no_two_catalogue_names_share_a_spelling():
    params = default_parameters()
    for table, names in ((device_table(params), params.device_names),
                         (site_table(params), params.sites), (serum_table(), None)):
        kept = set(table.values())
        assert len({squash(n) for n in kept}) == len(kept)
        if names is not None:
            assert set(names) <= kept
