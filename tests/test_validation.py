import csv

import pytest

from needlesim.calibration import channels as channel_calibration
from needlesim.calibration import evidence as healing_calibration
from needlesim.calibration.channels import FITS, fit
from needlesim.healing.ensemble import ensemble_path, load_ensemble
from needlesim.parameters import ParameterSet, store
from needlesim.parameters.loader import DATA
from needlesim.validation import compare_all, format_table, load_targets

CHANNEL_TARGETS = [t.id for t in load_targets() if t.id in {
    "roller_density_per_pass", "roller_density_15_passes", "pen_density_formula",
    "roller_770_channel_depth", "roller_770_surface_diameter", "pen_depth_ratio_0p5mm",
    "pen_depth_ratio_1p5mm", "barrier_recovery_roller_770_uncovered",
    "facial_barrier_recovery_0p25mm"}]


@pytest.mark.slow
def test_calibration_and_check_targets_within_tolerance():
    comparisons = [c for c in compare_all()
                   if c.target.table == "targets" and c.target.role != "validation"]
    assert comparisons
    failed = [c for c in comparisons if not c.passed]
    assert not failed, format_table(failed)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="not met: the 4 % lidocaine cream's onset on intact skin "
                   "(model 68 min against the LMX4 label's 30), vitamin C's enhancement against "
                   "a rat study (Park 2010), infections over a clinic series (1.3 % against "
                   "none in Harris 2015's studies) and rolling scars over boxcar scars (1.0 "
                   "against Garg's 0.79); docs/validation.md")
def test_validation_targets_within_tolerance():
    comparisons = [c for c in compare_all()
                   if c.target.table == "targets" and c.target.role == "validation"]
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
    for name, value in fit().items():
        assert value == pytest.approx(shipped.value(name).value, rel=2e-3), name


def test_calibration_scripts_share_one_flag_convention(capsys):
    for script in (channel_calibration, healing_calibration):
        with pytest.raises(SystemExit) as stopped:
            script.main(["--dry-run"])  # refused before any fitting
        assert stopped.value.code == 2
        with pytest.raises(SystemExit):
            script.main(["--help"])
        assert "--write" in capsys.readouterr().out


def test_writing_the_shipped_healing_values_changes_no_file(tmp_path, monkeypatch):
    table = "model_healing.csv"
    text = (DATA / table).read_text(encoding="utf-8")
    (tmp_path / table).write_text(text, encoding="utf-8")
    monkeypatch.setattr(store, "DATA", tmp_path)
    fitted = {row["name"]: float(row["value"]) for row in csv.DictReader(text.splitlines())
              if row["source"] == healing_calibration.SOURCE}
    assert len(fitted) == len(load_ensemble())
    store.store_values(table, fitted, digits=6, source=healing_calibration.SOURCE)
    assert (tmp_path / table).read_text(encoding="utf-8") == text
    ensemble = healing_calibration.ensemble_text(load_ensemble())
    assert ensemble == ensemble_path().read_text(encoding="utf-8")
