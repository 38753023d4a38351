"""The stratum corneum's partition and diffusivity split of the Potts-Guy permeability (its
lidocaine lag against Kushla & Zatz 1991 is a transport target: test_validation_transport)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needlesim.parameters import ParameterSet
from needlesim.transport import load_active
from needlesim.transport.physics.medium import build_medium, potts_guy_kp, sc_partition
from needlesim.transport.physics.molecules import Active


def _active(log_kow, mw=200.0):
    return Active("probe", mw, log_kow, 4e-10, 0.0, 10.0)


@settings(max_examples=30, deadline=None)
@given(st.floats(-3.0, 5.0), st.floats(0.05, 1.0))
def test_partition_rises_with_lipophilicity_and_never_falls_below_the_water_share(log_kow, step):
    params = ParameterSet()
    low, high = sc_partition(_active(log_kow), params), sc_partition(_active(log_kow + step), params)
    assert high > low >= params.get("sc_water_volume_fraction")


def test_the_split_keeps_the_potts_guy_permeability(params):
    for name in ("lidocaine", "caffeine", "ascorbic_acid", "minoxidil"):
        active = load_active(name, params)
        medium = build_medium(active, params)
        kp = medium.diffusivity[0] * medium.partition[0] / params.get("sc_reference_thickness")
        assert kp == pytest.approx(potts_guy_kp(active, params), rel=1e-12)

