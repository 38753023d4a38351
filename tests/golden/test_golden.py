"""The pipeline's numbers are the stored ones (tests/golden/golden.py says when to store anew)."""

import json

import pytest

import golden

RTOL = 1e-9


def _close(found, stored, where="") -> list[str]:
    if isinstance(stored, dict):
        missing = sorted(set(stored) - set(found or {}))
        problems = [f"{where}.{k}: missing" for k in missing]
        for key in stored:
            if key in (found or {}):
                problems += _close(found[key], stored[key], f"{where}.{key}")
        return problems
    if isinstance(stored, list):
        if not isinstance(found, list) or len(found) != len(stored):
            return [f"{where}: {found!r} != {stored!r}"]
        return [p for i, (a, b) in enumerate(zip(found, stored, strict=True))
                for p in _close(a, b, f"{where}[{i}]")]
    if isinstance(stored, float) and isinstance(found, (int, float)):
        same = found == pytest.approx(stored, rel=RTOL, abs=1e-12)
        return [] if same else [f"{where}: {found} != {stored}"]
    return [] if found == stored else [f"{where}: {found!r} != {stored!r}"]


def _stored(name):
    return json.loads((golden.STORED / name).read_text())


@pytest.mark.slow
def test_default_scenario_summary_and_results_are_the_stored_ones():
    problems = _close(golden.default_outputs(), _stored("default.json"))
    assert not problems, "\n".join(problems[:20])


@pytest.mark.slow
def test_validation_model_values_are_the_stored_ones():
    problems = _close(golden.validation_outputs(), _stored("validation.json"))
    assert not problems, "\n".join(problems[:20])


@pytest.mark.slow
def test_cohort_table_is_the_stored_one(tmp_path):
    problems = _close(golden.cohort_outputs(tmp_path), _stored("cohort.json"))
    assert not problems, "\n".join(problems[:20])
