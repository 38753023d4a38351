import numpy as np
import pytest

from needlesim.cohort import build_cohort, draw_patient, parse_distribution
from needlesim.errors import InputError


def _error(data) -> dict:
    with pytest.raises(InputError) as info:
        build_cohort(data)
    return info.value.problems[0]


def test_distributions_sample_their_quantiles():
    normal = parse_distribution("x", {"dist": "normal", "mean": 40, "sd": 10, "low": 20, "high": 60})
    assert normal.ppf(0.5) == pytest.approx(40)
    assert normal.ppf(0.0) == pytest.approx(20) and normal.ppf(1.0) == pytest.approx(60, abs=1e-6)
    u = np.random.default_rng(0).random(20000)
    tri = parse_distribution("x", {"dist": "triangular", "low": 0, "mode": 1, "high": 4})
    assert tri.ppf(u).mean() == pytest.approx(5 / 3, rel=0.02)
    choice = parse_distribution("x", {"dist": "choice", "values": ["a", "b"], "weights": [3, 1]})
    assert (choice.ppf(u) == "a").mean() == pytest.approx(0.75, abs=0.02)
    assert parse_distribution("x", 5).ppf(0.3) == 5


@pytest.mark.parametrize("change, field", [
    (lambda d: d["population"].update(age_years={"dist": "normal", "mean": 40, "sd": 10}),
     "population.age_years"),
    (lambda d: d["population"].update(age_years={"dist": "uniform", "low": 5, "high": 50}),
     "population.age_years"),
    (lambda d: d["population"].update(height=3), "population.height"),
    (lambda d: d["population"].update(sex={"dist": "gauss"}), "population.sex.dist"),
    (lambda d: d["parameters"].update(no_such_parameter=1.0), "parameters.no_such_parameter"),
    (lambda d: d.update(patients=0), "patients"),
    (lambda d: d.update(arms=[]), "arms"),
    (lambda d: d["run"].update(chunk_size=-1), "run.chunk_size"),
])
def test_bad_input_names_the_field(change, field, make_tiny):
    data = make_tiny()
    change(data)
    problem = _error(data)
    assert problem["field"] == field
    assert problem["allowed"]


def test_bad_protocol_fails_at_load_with_the_scenario_field(make_tiny):
    data = make_tiny()
    data["arms"][0]["protocol"]["needle_length_mm"] = 9
    problem = _error(data)
    assert "needle_length_mm" in problem["field"] and "shallow" in problem["field"]


def test_patients_depend_only_on_seed_and_index(tiny_spec, make_tiny):
    a = draw_patient(tiny_spec, 5)
    assert a == draw_patient(tiny_spec, 5)
    assert a != draw_patient(tiny_spec, 6)
    bigger = build_cohort(make_tiny(patients=500, chunk_size=7))
    assert draw_patient(bigger, 5) == a
    ages = [draw_patient(bigger, i)["age_years"] for i in range(500)]
    assert 20 <= min(ages) and max(ages) <= 60 and np.std(ages) > 8
