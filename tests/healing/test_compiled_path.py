"""The compiled integration (healing/compiled_path.py) against the NumPy one step by step
(exponential_heun.integrate with compiled=False): the same equations written twice must
agree to round-off for every input the right-hand side reads."""

import numpy as np
import pytest

from needlesim.healing.cascade import simulate
from needlesim.healing.exponential_heun import Doses, StepControl
from needlesim.healing.species import SPECIES

TIMES = np.concatenate([np.arange(0, 3, 0.1), np.arange(3, 200, 1.0), [400.0]])
ROUND_OFF = 1e-12  # relative to each species' largest value


def _worst(params, doses, ages, sexes, **kwargs):
    compiled = simulate(params, ages, sexes, doses, TIMES, **kwargs)
    numpy = simulate(params, ages, sexes, doses, TIMES, compiled=False, **kwargs)
    assert compiled.states.shape == numpy.states.shape
    scale = np.maximum(np.abs(numpy.states).max(axis=(0, 2, 3)), 1e-300)
    errors = np.abs(compiled.states - numpy.states).max(axis=(0, 2, 3)) / scale
    worst = int(np.argmax(errors))
    return errors[worst], SPECIES[worst]


def _cohort_doses(patients, serum_growth=True, serum_boost=True):
    rng = np.random.default_rng(7)
    days = np.array([0.0, 28.0, 30.5, 90.0])
    n = days.size
    return Doses(days, rng.uniform(0.2, 1.0, (patients, n, 3)), rng.uniform(0, 1, (patients, n)),
                 (rng.uniform(0, 1, (patients, n)) > 0.5).astype(float),
                 rng.uniform(0, 0.5, (patients, n, 3)) if serum_growth else None,
                 rng.uniform(0, 0.3, (patients, n, 3)) if serum_boost else None)


@pytest.mark.parametrize("growth, boost", [(False, False), (True, False), (False, True),
                                           (True, True)])
def test_compiled_agrees_with_numpy_over_a_cohort(params, growth, boost):
    """Ages on both sides of every baseline's onset, both sexes, anti-inflammatories,
    bleeding and each kind of serum effect."""
    ages = [22.0, 38.0, 55.0, 79.0]
    sexes = ["female", "male", "male", "female"]
    error, species = _worst(params, _cohort_doses(4, growth, boost), ages, sexes)
    assert error < ROUND_OFF, species


def test_compiled_agrees_with_numpy_with_rates_per_patient(params):
    """An ensemble of rates on the patients axis (``samples``) and a finer step control."""
    samples = {"fibroblast_growth_rate": np.array([0.5, 1.0, 2.0]),
               "collagen_max_relative": np.array([1.2, 1.5, 2.5])}
    error, species = _worst(params, _cohort_doses(3), [45.0] * 3, "female", samples=samples,
                            control=StepControl().tightened(2))
    assert error < ROUND_OFF, species


def test_each_patient_is_integrated_alone(params):
    """A patient's states do not depend on who else is in the cohort."""
    doses = _cohort_doses(3)
    together = simulate(params, [30.0, 50.0, 70.0], "male", doses, TIMES).states
    alone = simulate(params, [50.0], "male", doses.patients(slice(1, 2)), TIMES).states
    np.testing.assert_array_equal(together[:, :, 1:2], alone)
