"""Published rows of the skin-mechanics and stretch-mark outcomes: they load, join their own
families of the split without moving an earlier study, map to the model's outputs (or stay
out of the comparison for a stated reason) and are compared in ``needlesim validate``."""

import numpy as np
import pytest

from needlesim.calibration import evidence
from needlesim.validation.evidence import compare_row, ensemble_members, literature_comparisons
from needlesim.validation.literature import load_rows
from needlesim.validation.predict import between_study_family, is_modelled, predict
from needlesim.validation.split import FAMILIES, family_of, split, study_families

MECHANICS = ("elasticity_r2_change_pct", "firmness_r0_change_pct", "pore_area_change_pct")
STRIAE_WIDTH = "nimrf_co2_striae_width"
PORES_WITH_TOXIN = "microbotox_pores_mn_side"


def _row(row_id):
    return next(r for r in load_rows() if r.row_id == row_id)


def test_mechanics_is_its_own_family_right_after_striae():
    order = list(FAMILIES)
    assert order.index("mechanics") == order.index("striae") + 1
    assert all(family_of(obs) == "mechanics" for obs in MECHANICS)
    assert not set(MECHANICS) & set(FAMILIES["skin_quality"])


def test_new_rows_load_in_their_families_and_sets():
    families = study_families(load_rows())
    assignment = split(load_rows())
    assert families[_row(STRIAE_WIDTH).study] == "striae"
    assert families[_row(PORES_WITH_TOXIN).study] == "mechanics"
    for row_id in (STRIAE_WIDTH, PORES_WITH_TOXIN):
        row = _row(row_id)
        assert row.set == assignment[row.study]
        assert row.verified == "yes" and row.source.startswith("https://")


def test_microneedle_radiofrequency_is_compared_by_its_needles_and_toxin_is_not():
    width = _row(STRIAE_WIDTH)
    assert is_modelled(width)
    assert width.scenario_data()["protocol"]["device"] == "stamp"
    assert "serum" not in width.scenario_data()["protocol"]
    assert between_study_family(width) == "skin_quality"
    assert not is_modelled(_row(PORES_WITH_TOXIN))  # botulinum toxin has no effect model


def test_no_fit_reads_the_new_rows():
    fitted = {row.row_id for row in evidence.calibration_rows()}
    assert STRIAE_WIDTH not in fitted and PORES_WITH_TOXIN not in fitted


def test_striae_width_row_is_predicted_narrower_and_compared():
    row = _row(STRIAE_WIDTH)
    members = ensemble_members(3)
    predicted = predict([row], members)[row.row_id]
    assert predicted.shape == (len(members),) and np.all(np.isfinite(predicted))
    assert np.all(predicted < 0)  # stretch marks narrow
    comparison = compare_row(row, predicted, members, np.random.default_rng(7))
    low, high = comparison.interval_90
    assert low < comparison.model < high


@pytest.mark.slow
def test_striae_width_row_within_tolerance_in_validate():
    comparison = next(c for c in literature_comparisons() if c.target.id == STRIAE_WIDTH)
    assert comparison.passed, (comparison.model, comparison.target.target)
    assert comparison.in_interval_90
