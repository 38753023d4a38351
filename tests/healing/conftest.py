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
