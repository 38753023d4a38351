import pytest

from needlesim.parameters import ParameterSet
from needlesim.scenario import Patient
from needlesim.skin import LAYERS, build_skin


def skin(**changes):
    patient = dict(age_years=40, sex="female", fitzpatrick=3, site="cheek")
    patient.update(changes)
    return build_skin(Patient(**patient), ParameterSet())


def test_layers_stack_in_order():
    s = skin()
    assert list(s.thickness_m) == list(LAYERS)
    assert all(t > 0 for t in s.thickness_m.values())
    assert s.dej_depth_m < s.subpapillary_plexus_depth_m < s.dermis_bottom_m < s.total_depth_m
    assert s.layer_index([1e-6, s.dej_depth_m + 1e-6, 10.0]).tolist() == [0, 2, 4]


def test_at_the_reference_age_the_site_values_apply():
    s = skin(age_years=40)  # thickness_reference_age
    assert s.thickness_m["papillary_dermis"] + s.thickness_m["reticular_dermis"] == pytest.approx(870e-6)


def test_thinning_per_decade_follows_branchet():
    young, old = skin(age_years=30), skin(age_years=70)
    dermis = lambda s: s.thickness_m["papillary_dermis"] + s.thickness_m["reticular_dermis"]  # noqa: E731
    # -6 % of the value at 20 y per decade: (1 - 0.006*50) / (1 - 0.006*10)
    assert dermis(old) / dermis(young) == pytest.approx(0.7 / 0.94, rel=1e-9)
    assert old.thickness_m["viable_epidermis"] < young.thickness_m["viable_epidermis"]


def test_collagen_and_elastin_decline_with_age():
    assert skin(age_years=70).collagen_relative < skin(age_years=30).collagen_relative
    assert skin(age_years=70).elastin_relative < skin(age_years=40).elastin_relative == 1.0


def test_sex_and_site_matter():
    assert skin(sex="male").dermis_bottom_m > skin(sex="female").dermis_bottom_m
    assert skin(site="periorbital").dermis_bottom_m < skin(site="back").dermis_bottom_m
    assert skin(site="forehead").bone_backing and not skin(site="cheek").bone_backing


def test_conditions_carry_scar_geometry():
    icepick = skin(condition="acne_scars", scar_type="icepick").condition
    rolling = skin(condition="acne_scars", scar_type="rolling").condition
    assert icepick.lesion_width_m < rolling.lesion_width_m
    assert icepick.lesion_depth_m > rolling.lesion_depth_m
    assert skin(condition="melasma", severity=20).condition.severity == 20
