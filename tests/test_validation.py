import pytest

from needlesim.parameters import ParameterSet
from needlesim.validation import compare_all, format_table, load_targets
from needlesim.validation.calibrate import FITS, calibrate

CHANNEL_TARGETS = [t.id for t in load_targets() if t.id in {
    "roller_density_per_pass", "roller_density_15_passes", "pen_density_formula",
    "roller_770_channel_depth", "roller_770_surface_diameter", "pen_depth_ratio_0p5mm",
    "pen_depth_ratio_1p5mm", "barrier_recovery_roller_770_uncovered",
    "facial_barrier_recovery_0p25mm"}]


@pytest.mark.slow
def test_every_target_within_its_tolerance():
    comparisons = compare_all()
    assert comparisons
    failed = [c for c in comparisons if not c.passed]
    assert not failed, format_table(failed)


def test_channel_targets_within_tolerance():
    comparisons = compare_all(CHANNEL_TARGETS)
    assert len(comparisons) == 9
    assert all(c.passed for c in comparisons), format_table(comparisons)


def test_roles_keep_calibration_apart():
    roles = {t.id: t.role for t in load_targets()}
    for _, target_id, _, _ in FITS:
        assert roles[target_id] == "calibration"


def test_calibration_reproduces_the_shipped_parameters():
    shipped = ParameterSet()
    for name, value in calibrate().items():
        assert value == pytest.approx(shipped.value(name).value, rel=2e-3), name


def test_healing_calibration_reads_its_targets_from_the_calibration_rows():
    from needlesim.healing.calibrate import CALIBRATION_TARGETS, TARGETS

    roles = {t.id: t.role for t in load_targets()}
    assert set(TARGETS) == set(CALIBRATION_TARGETS)
    assert all(roles[key] == "calibration" for key in TARGETS)
