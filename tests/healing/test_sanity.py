"""Sanity checks of the healing model through the real channel stages."""

import pytest

from needlesim.outcomes.endpoints import evaluate
from needlesim.outcomes.risks import pih_probability
from needlesim.validation.protocols import protocol_injuries

pytestmark = pytest.mark.slow


def gain(params, day_after_last=90, **changes):
    skin, sessions, injuries = protocol_injuries("eldomyati2015", tuple(sorted(changes.items())))
    day = injuries[-1].day + day_after_last
    series = evaluate(params, skin, injuries, [day], follow_up=day_after_last)
    return series, float(series.at(day, "collagen_dermis")[0])


def test_more_sessions_more_collagen_up_to_a_plateau(params):
    gains = [gain(params, sessions=n, interval_days=28)[1] for n in (1, 3, 6, 12)]
    assert gains[0] < gains[1] < gains[2] <= gains[3] + 1e-9
    assert (gains[3] - gains[2]) / 6 < (gains[1] - gains[0]) / 2


def test_one_week_interval_gives_less_per_session(params):
    weekly = gain(params, sessions=4, interval_days=7)[1]
    monthly = gain(params, sessions=4, interval_days=28)[1]
    assert weekly < monthly


def test_short_needles_little_remodeling_short_downtime(params):
    short, short_gain = gain(params, sessions=3, interval_days=28, needle_length_mm=0.25)
    deep, deep_gain = gain(params, sessions=3, interval_days=28, needle_length_mm=1.5)
    assert short_gain < deep_gain
    assert short.downtime_days.mean() < deep.downtime_days.mean()


def test_phototype_v_more_pih_than_ii(params):
    series, _ = gain(params, sessions=3, interval_days=28)
    burden = series.burden_days[0]
    assert pih_probability(5, burden, params) > pih_probability(2, burden, params)


def test_seventy_year_old_responds_less(params):
    skin, sessions, injuries = protocol_injuries("eldomyati2015")
    day = injuries[-1].day + 90
    young = evaluate(params, skin, injuries, [day], age_years=30.0)
    old = evaluate(params, skin, injuries, [day], age_years=70.0)
    assert old.at(day, "collagen_dermis")[0] < young.at(day, "collagen_dermis")[0]


def test_rates_read_as_entries_and_attributes_after_pickling():
    """Rates travel to Dask workers by pickle; every entry stays readable both ways."""
    import copy
    import pickle

    from needlesim.healing.rates import healing_rates
    from needlesim.parameters import default_parameters

    rates = healing_rates(default_parameters())
    for clone in (pickle.loads(pickle.dumps(rates)), copy.deepcopy(rates)):
        assert set(clone) == set(rates)
        assert all(getattr(clone, name) == rates[name] for name in rates)
