import csv
from importlib import resources

import pytest

from needlesim.parameters import ParameterSet
from needlesim.parameters.citations import load_bibliography

DATA = resources.files("needlesim.parameters") / "data"
FIRMNESS = {"abstract", "secondary", "derived", "practice", "assumption", "fitted", "unverified",
            "handbook", "setting"}


def rows(name):
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if not next(iter(r.values())).startswith("#")]


def source_keys(text):
    return [part.strip() for part in text.split(";") if part.strip()]


MODEL_TABLES = sorted(p.name for p in DATA.iterdir() if p.name.startswith("model"))


@pytest.mark.parametrize("table", [*MODEL_TABLES, "skin_sites.csv"])
def test_every_value_has_a_unit_column_a_known_source_and_a_firmness(table):
    bibliography = load_bibliography()
    for row in rows(table):
        assert "unit" in row
        float(row["value"])
        assert row["firmness"] in FIRMNESS, row
        for key in source_keys(row["source"]):
            assert key in bibliography, (table, row, key)


def test_device_and_condition_sources_are_in_the_bibliography():
    bibliography = load_bibliography()
    for table in ("devices.csv", "conditions.csv"):
        for row in rows(table):
            for key in source_keys(row["source"]):
                assert key in bibliography, (table, key)


def test_twelve_sites_with_every_quantity():
    params = ParameterSet()
    expected = {"forehead", "cheek", "periorbital", "perioral", "nose", "neck", "chest",
                "abdomen", "thigh", "upper_arm", "back", "scalp"}
    assert expected <= set(params.sites)
    for site in expected:
        for quantity in ("stratum_corneum", "viable_epidermis", "dermis", "papillary_dermis",
                         "hypodermis", "closure_half_life_occluded", "treated_area"):
            for sex in ("female", "male"):
                assert params.site(site, quantity, sex) > 0


def test_values_come_in_si_and_record_their_source():
    params = ParameterSet()
    assert params.get("puncture_displacement_static") == pytest.approx(160e-6)
    assert params.get("dermis_thinning_rate", "1/year") == pytest.approx(-0.006)
    assert "romgens2014" in params.registry.keys


def test_overrides_replace_values_and_cite_override():
    params = ParameterSet({"hand_force_moderate": 7.0})
    assert params.get("hand_force_moderate") == 7.0
    assert "override" in params.registry.keys
    with pytest.raises(KeyError):
        ParameterSet({"no_such_parameter": 1.0})


def test_a_reused_parameter_set_cites_only_what_each_run_used():
    from needlesim.scenario import build_scenario
    from needlesim.simulation import Simulation

    params = ParameterSet()
    roller = {"patient": {"age_years": 40, "sex": "female", "fitzpatrick": 2},
              "protocol": {"sessions": 1, "interval_days": 28, "device": "roller",
                           "needle_length_mm": 1.5, "passes": 1, "area_cm2": 1}}
    alone = Simulation(build_scenario(roller)).run().citations
    for _ in range(2):
        params.device_row("dermapen_2012")  # an earlier use of the set cites a pen's sources
    reused = Simulation(build_scenario(roller), params).run().citations
    assert [str(c) for c in reused] == [str(c) for c in alone]
