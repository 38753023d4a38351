"""Transport targets: every one within tolerance, roles honest, the calibration reproducible."""

import pytest

from needlesim.parameters import ParameterSet
from needlesim.validation import compare_all, format_table, load_targets
from needlesim.validation.transport import calibrate_numbing_threshold

TRANSPORT = [t.id for t in load_targets() if t.id in {
    "lidocaine_onset_roller_200um",
    "lidocaine_onset_shortening", "dextran_needle_length_ratio", "dextran_molecular_weight_ratio",
    "wei2018_epidermis_d_70kda", "wei2018_epidermis_d_2000kda", "wei2018_dermis_d_70kda",
    "wei2018_dermis_d_2000kda", "kushla1991_lidocaine_lag_log10_h"}]


def test_transport_targets_within_tolerance():
    comparisons = compare_all(TRANSPORT)
    assert len(comparisons) == 9
    assert all(c.passed for c in comparisons), format_table(comparisons)


@pytest.mark.xfail(strict=True, reason="intact human skin in the model passes little vitamin C "
                   "(0.07 % of a serum in 24 h: the stratum corneum's water and keratin give it a "
                   "lag of about 34 h), so its enhancement (about 250-fold) exceeds the rat "
                   "study's 10.5-fold by more than the factor 5 "
                   "allowed for rat skin; docs/validation.md")
def test_park2010_vitamin_c_enhancement_within_tolerance():
    comparisons = compare_all(["park2010_vitamin_c_log10_enhancement"])
    assert len(comparisons) == 1 and comparisons[0].passed, format_table(comparisons)


def test_fitted_target_is_calibration_and_one_study_is_validation():
    roles = {t.id: t.role for t in load_targets()}
    assert roles["lidocaine_onset_roller_200um"] == "calibration"
    assert roles["park2010_vitamin_c_log10_enhancement"] == "validation"
    assert ParameterSet().value("numbing_threshold_fraction").source.startswith("fitted:")


def test_numbing_threshold_calibration_reproduces_the_shipped_value():
    shipped = ParameterSet().value("numbing_threshold_fraction").value
    assert calibrate_numbing_threshold() == pytest.approx(shipped, rel=2e-3)


def test_trend_targets_fail_in_the_wrong_direction():
    targets = {t.id: t for t in load_targets()}
    length, weight = targets["dextran_needle_length_ratio"], targets["dextran_molecular_weight_ratio"]
    assert abs(1.0 - length.target) > length.tolerance  # no change in depth: fails
    assert abs(1.0 - weight.target) > weight.tolerance


@pytest.mark.slow
def test_emla_numbs_intact_skin_within_a_factor_of_two_of_its_label():
    # not fitted: the threshold comes from the roller study, the stratum corneum from its
    # composition and lidocaine's saturation from its water solubility
    comparisons = compare_all(["emla_intact_onset_log10_min"])
    assert len(comparisons) == 1 and comparisons[0].passed, format_table(comparisons)
