import numpy as np
import pytest

from needlesim.healing.exponential_heun import Doses
from needlesim.parameters import default_parameters


@pytest.fixture(scope="session")
def params():
    return default_parameters()


def synthetic_doses(days, damage=(0.9, 0.6, 0.3), bleeding=0.5, patients=1):
    n = len(days)
    return Doses(
        day=np.asarray(days, float),
        damage=np.broadcast_to(np.asarray(damage, float), (patients, n, 3)).copy(),
        bleeding=np.full((patients, n), bleeding),
        nsaid=np.zeros((patients, n)),
    )


@pytest.fixture(scope="session")
def doses():
    return synthetic_doses


def worst_scipy_disagreement(params, doses, times_day=(0.5, 2.0, 10.0, 40.0, 120.0)):
    """(largest relative difference, species) between the exponential integrator (tightened
    steps) and ``solve_ivp`` (LSODA, rtol 1e-8) on the same doses, each species scaled by
    its largest value in the reference."""
    from needlesim.healing.cascade import simulate, untreated
    from needlesim.healing.exponential_heun import StepControl
    from needlesim.healing.scipy_reference import scipy_path
    from needlesim.healing.species import SPECIES

    times = np.asarray(times_day, float)
    ours = simulate(params, 45, "female", doses, times, control=StepControl().tightened(2))
    x0 = untreated(simulate(params, 45, "female", doses, [0.0]))[0]
    ref = scipy_path(x0, doses, times, ours.rates, ours.cohort, method="LSODA", rtol=1e-8,
                     atol=1e-12)
    errors = [np.max(np.abs(ours.states[:, i] - ref[:, i])) / max(np.abs(ref[:, i]).max(), 1e-3)
              for i in range(len(SPECIES))]
    worst = int(np.argmax(errors))
    return errors[worst], SPECIES[worst]


@pytest.fixture(scope="session")
def scipy_disagreement():
    return worst_scipy_disagreement
