"""The intact-skin absorption benchmark: the table's form, the model's values against it,
and its place in `needlesim validate`."""

from dataclasses import replace

import numpy as np
import pytest

from needlesim.parameters import default_parameters
from needlesim.parameters.actives import canonical_active
from needlesim.transport import load_active
from needlesim.transport.outputs import KG_M2_TO_UG_CM2, at_time, dermis_ug_per_cm2
from needlesim.transport.physics.film import Film
from needlesim.transport.physics.formulation import Formulation
from needlesim.transport.physics.molecules import PERCENT_KG_M3
from needlesim.transport.resolutions import intact_solution, make_setup
from needlesim.validation import intact, registry
from needlesim.validation.intact import FACTOR, intact_absorption, load_benchmarks, model_percent
from needlesim.validation.registry import ROLES

ROWS = {b.id: b for b in load_benchmarks()}


def test_every_row_has_a_source_a_known_active_and_a_valid_comparison():
    assert {"caffeine", "minoxidil", "lidocaine", "ascorbic_acid", "palmitoyl_pentapeptide_4",
            "dextran"} <= {canonical_active(b.active) for b in ROWS.values()}
    for b in ROWS.values():
        assert b.source.strip() and b.role in ROLES
        assert b.comparison in ("value", "upper_bound", "none")
        if b.comparison == "value":
            assert b.data_percent is not None and 0 < b.data_percent <= 100
        if b.comparison == "upper_bound":
            assert b.data_high_percent is not None
    assert any(b.role == "validation" for b in ROWS.values())


@pytest.mark.parametrize("row", sorted(ROWS))
def test_the_model_absorbs_a_share_of_the_dose(row):
    assert 0.0 <= model_percent(ROWS[row]) <= 100.0 + 1e-6


@pytest.mark.parametrize("row", ["caffeine_feldmann1970", "lidocaine_emla_24h", "lidocaine_emla_3h"])
def test_within_a_factor_of_three(row):
    b = ROWS[row]
    assert abs(np.log10(model_percent(b) / b.data_percent)) <= np.log10(FACTOR)


@pytest.mark.xfail(strict=True, reason="the model absorbs 3.7 times the label's minoxidil; the label's "
                   "vehicle would raise it, so the excess lies in the permeability: Potts-Guy has "
                   "no hydrogen-bonding term (docs/validation.md)")
@pytest.mark.parametrize("row", ["minoxidil_rogaine_label"])
def test_out_of_a_factor_of_three(row):
    b = ROWS[row]
    assert abs(np.log10(model_percent(b) / b.data_percent)) <= np.log10(FACTOR)


def _minoxidil_with_a_liquid_saturated_residue_percent() -> float:
    """The label row with the label's vehicle as the film: 63 % ethanol and the water leave,
    20 % propylene glycol stays as a liquid residue (release factor 1) that holds minoxidil
    at saturation (activity 1: water-equivalent 2.2 g/L, whatever the solvent)."""
    b = ROWS["minoxidil_rogaine_label"]
    params = default_parameters()
    skin = intact._skin(b.site)
    active = load_active(b.active, params)
    formulation = Formulation(concentration_kg_m3=b.concentration_percent * PERCENT_KG_M3,
                              dose_volume_m3_per_m2=b.dose_ul_per_cm2 * intact.UL_PER_CM2_M)
    setup = make_setup(skin, active, formulation, params, t_end_s=intact.HORIZON_S)
    water = setup.film
    glycol = Film(evaporation_m_per_s=water.evaporation_m_per_s, residue_fraction=0.2,
                  residue_release=1.0, solubility_kg_m3=active.solubility_kg_m3)
    solution = intact_solution(replace(setup, film=glycol))
    entered = at_time(solution, dermis_ug_per_cm2(solution, skin), intact.HORIZON_S)
    return 100.0 * entered / (solution.dose_kg / solution.area_m2 * KG_M2_TO_UG_CM2)


def test_the_labels_vehicle_would_absorb_more_minoxidil_not_less():
    # why the minoxidil row is not fixed by modelling its vehicle: a saturated liquid
    # residue has the same activity as saturated water and keeps touching the skin, so
    # the model's excess over the label grows (docs/validation.md)
    b = ROWS["minoxidil_rogaine_label"]
    glycol = _minoxidil_with_a_liquid_saturated_residue_percent()
    assert glycol > 3 * model_percent(b)
    assert glycol > FACTOR * b.data_percent


def test_the_dextran_stays_below_its_bound():
    b = ROWS["dextran_4kda_bound"]
    assert model_percent(b) < b.data_high_percent


def test_compared_rows_appear_in_validate():
    # compare_all runs every registered table (the published-data ensemble takes a minute),
    # so this checks the registration and this table's rows alone
    assert "needlesim.validation.intact" in registry.AREAS
    assert intact_absorption in registry._TABLES
    found = {c.target.id: c for c in intact_absorption()}
    assert set(found) == {b.id for b in ROWS.values() if b.comparison != "none"}
    assert found["caffeine_feldmann1970"].passed and found["dextran_4kda_bound"].passed
    assert not found["minoxidil_rogaine_label"].passed
