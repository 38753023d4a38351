"""The published-data table, its split, the joint calibration and what validate reports."""

import csv
import math

import numpy as np
import pytest
from scipy.stats import binom

from needlesim.calibration import evidence
from needlesim.healing.ensemble import load_ensemble
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.parameters.loader import DATA
from needlesim.validation.evidence import literature_comparisons
from needlesim.validation.literature import SETS, load_rows, read_raw, rows_of_set
from needlesim.validation.predict import is_modelled, predict, share_beyond
from needlesim.validation.split import split, study_families

REQUIRED = ["row_id", "study", "citation", "source", "seen_in", "verified", "population", "n",
            "condition", "device_kind", "sessions", "measure", "observable", "value", "spread_kind",
            "unit", "note", "set"]


def test_table_form():
    columns, raws = read_raw()
    assert set(REQUIRED) <= set(columns)
    ids = [r["row_id"] for r in raws]
    assert len(ids) == len(set(ids))
    for raw in raws:
        assert raw["source"] and raw["study"] and raw["measure"], raw["row_id"]
        assert raw["seen_in"] in {"full text", "abstract", "secondary"}, raw["row_id"]
        assert raw["verified"] in {"yes", "no"}, raw["row_id"]
        assert raw["set"] in SETS, raw["row_id"]
        assert math.isfinite(float(raw["value"])), raw["row_id"]
    for row in load_rows():
        if row.is_count:
            assert 0 <= row.n_events <= row.n_total, row.row_id
            assert row.value == pytest.approx(row.n_events / row.n_total, abs=6e-3), row.row_id


def test_whole_studies_are_split_by_the_seeded_rule():
    rows = load_rows()
    by_study = {}
    for row in rows:
        by_study.setdefault(row.study, set()).add(row.set)
    assert all(len(sets) == 1 for sets in by_study.values()), "a study in both sets"
    assignment = split(rows)
    assert {row.study: row.set for row in rows} == assignment
    validation = [s for s, v in assignment.items() if v == "validation"]
    assert len(validation) >= len(assignment) / 3
    families = study_families(rows)
    for family in set(families.values()) - {"other"}:
        assert any(assignment[s] == "calibration" for s, f in families.items() if f == family), family


def test_enough_rows_and_studies_the_model_speaks_to():
    modelled = [row for row in load_rows() if is_modelled(row)]
    assert len(modelled) >= 40
    assert len({row.study for row in modelled}) >= 15
    assert sum(row.set == "validation" for row in modelled) >= len(modelled) / 4


def test_the_fit_reads_no_validation_study():
    validation = {row.study for row in rows_of_set("validation")}
    fitted = evidence.calibration_rows()
    assert fitted and all(row.set == "calibration" for row in fitted)
    assert not {row.study for row in fitted} & validation
    # no fitted or chosen parameter cites a validation study either
    with (DATA / "model_healing.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["firmness"] == "fitted":
                cited = {key.strip() for key in row["source"].split(";")}
                assert not cited & validation, row["name"]


def test_shipped_values_are_the_posterior_medians():
    samples = load_ensemble()
    params = ParameterSet()
    assert len(next(iter(samples.values()))) == evidence.MEMBERS
    for name, values in samples.items():
        assert params.value(name).value == pytest.approx(np.median(values), rel=1e-5), name
        assert params.value(name).source == evidence.SOURCE, name


def test_responder_share_is_the_normal_tail_beyond_the_crossing():
    z = np.linspace(-3, 3, 13)
    assert share_beyond(z, 10 * z, 0.0) == pytest.approx(0.5)
    assert share_beyond(z, 10 * z + 100, 0.0) == 1.0
    assert share_beyond(z, 10 * z, 5.0) == pytest.approx(0.3085, abs=1e-3)


def test_rating_effect_widens_the_tail_of_a_responder_share():
    from needlesim.calibration.evidence import log_share_likelihood
    from needlesim.validation.evidence import _tail

    # no study effect: the binomial itself
    assert _tail(5, 25, 0.8, 0.0) == pytest.approx(2 * binom.cdf(5, 25, 0.8))
    assert log_share_likelihood(20, 25, 0.8, 0.0) == pytest.approx(binom.logpmf(20, 25, 0.8))
    # a far share becomes less surprising as the rating effect grows, and the mixture is a
    # distribution over 0..n
    tails = [_tail(5, 25, 0.8, tau) for tau in (0.0, 0.5, 1.0, 2.0)]
    assert all(a < b for a, b in zip(tails, tails[1:], strict=False))
    total = sum(np.exp(log_share_likelihood(k, 25, 0.8, 1.3)) for k in range(26))
    assert total == pytest.approx(1.0, abs=1e-9)


@pytest.mark.slow
def test_emulator_matches_direct_runs():
    """The grid emulator the sampler uses against the model itself, off the grid points."""
    params = default_parameters()
    rows = [r for r in evidence.calibration_rows()
            if r.study in {"dogra2014", "lotfi2013", "nafl_mn_striaealba"}]
    assert any(r.observable == "downtime_days" for r in rows)
    likelihood = evidence.Likelihood(rows, params)
    member = {"collagen_synthesis_scale": 0.8 * params.value("collagen_synthesis_scale").value,
              "epidermis_collagen_gain": 1.3 * params.value("epidermis_collagen_gain").value,
              "patient_response_sd_log": 0.35,
              # off the downtime grid's points in both redness parameters
              "redness_threshold": 0.2113, "redness_local_exponent": 0.637}
    emulated = likelihood.predictions(member)
    direct = predict(rows, [member])
    for row in rows:
        exact = float(direct[row.row_id][0])
        assert emulated[row.row_id] == pytest.approx(exact, rel=0.02, abs=0.01), row.row_id


@pytest.mark.slow
def test_downtime_and_burden_do_not_depend_on_the_emulated_rates():
    """The emulator reads redness and burden once per protocol, mid-grid: they must not move
    with the two gridded rates."""
    from needlesim.outcomes.endpoints import evaluate
    from needlesim.validation.predict import protocol_inputs

    row = next(r for r in evidence.calibration_rows() if r.observable == "pih_count")
    skin, _, injuries = protocol_inputs(row.protocol_key())
    base = default_parameters()
    scale = base.value("collagen_synthesis_scale").value
    gain = base.value("epidermis_collagen_gain").value
    series = evaluate(base, skin, injuries, [row.report_day],
                      samples={"collagen_synthesis_scale": np.array([0.1, 10.0]) * scale,
                               "epidermis_collagen_gain": np.array([0.2, 5.0]) * gain})
    np.testing.assert_allclose(series.burden_days[0], series.burden_days[1], rtol=1e-9)
    np.testing.assert_allclose(series.redness[:, 0], series.redness[:, 1], rtol=1e-9)
    assert not np.allclose(series.at(row.report_day, "collagen_dermis")[0],
                           series.at(row.report_day, "collagen_dermis")[1])


@pytest.mark.slow
def test_validation_rows_meet_their_tolerance_and_intervals():
    comparisons = [c for c in literature_comparisons() if c.target.role == "validation"]
    assert comparisons
    passed = sum(c.passed for c in comparisons) / len(comparisons)
    covered = sum(bool(c.in_interval_90) for c in comparisons) / len(comparisons)
    assert passed >= 0.8
    assert covered >= 0.7


@pytest.mark.slow
def test_pih_consistent_with_every_study_reporting_counts():
    pih = [c for c in literature_comparisons() if "_pih" in c.target.id]
    assert len(pih) >= 5
    for c in pih:
        assert c.tail_probability >= 0.05, (c.target.id, c.model, c.target.target)


@pytest.mark.slow
def test_sampler_is_reproducible_with_its_seed():
    rows = [r for r in evidence.calibration_rows() if r.study == "dogra2014"]
    likelihood = evidence.Likelihood(rows, default_parameters())
    chains = [evidence.sample(likelihood, walkers=2 * likelihood.ndim + 2, steps=5).get_chain()
              for _ in range(2)]
    np.testing.assert_array_equal(chains[0], chains[1])


@pytest.mark.slow
def test_published_data_page_is_current():
    from pathlib import Path

    from needlesim.validation.published import page

    shipped = Path(__file__).resolve().parents[1] / "docs" / "published_data.md"
    assert shipped.read_text(encoding="utf-8") == page() + "\n", \
        "regenerate: python -m needlesim.validation.published > docs/published_data.md"


def test_patient_values_scale_each_parameter_by_its_spread_and_cap():
    from needlesim.outcomes.variability import patient_values

    values = {"collagen_synthesis_scale": 0.05, "patient_response_sd_log": 0.3,
              "scar_max_improvement_pct": 60.0, "patient_scar_response_sd_log": 0.5,
              "pigment_response_scale": 1.0, "patient_pigment_response_sd_log": 0.4}
    typical = patient_values(values.get, 0.0)
    assert typical == {"collagen_synthesis_scale": 0.05, "scar_max_improvement_pct": 60.0,
                       "pigment_response_scale": 1.0}
    high = patient_values(values.get, 2.0)
    assert high["collagen_synthesis_scale"] == pytest.approx(0.05 * np.exp(0.6))
    assert high["scar_max_improvement_pct"] == 100.0  # 60 e^1 is capped at the whole score
