"""The intact-skin absorption benchmark: the table's form, the model's values against it,
and its place in `needlesim validate`."""

import numpy as np
import pytest

from needlesim.parameters.actives import canonical_active
from needlesim.validation import registry
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


@pytest.mark.xfail(strict=True, reason="the model absorbs 3.7 times the label's minoxidil: "
                   "Potts-Guy has no hydrogen-bonding term (docs/validation.md)")
@pytest.mark.parametrize("row", ["minoxidil_rogaine_label"])
def test_out_of_a_factor_of_three(row):
    b = ROWS[row]
    assert abs(np.log10(model_percent(b) / b.data_percent)) <= np.log10(FACTOR)


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
