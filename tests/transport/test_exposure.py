"""The exposure effect models read: per session, shared with the transport stage."""

import pytest

from needlesim.constants import CM_M
from needlesim.parameters import default_parameters
from needlesim.prepare import prepare
from needlesim.scenario import build_scenario
from needlesim.skin import LAYERS
from needlesim.transport.exposure import deliveries_of, exposures_of
from needlesim.transport.outputs import layer_amounts_ug_per_cm2


def _prepared(serum=None, wipe_min=None):
    protocol = {"sessions": 2, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                "passes": 2}
    if serum:
        protocol["serum"] = serum
    if wipe_min is not None:
        protocol["serum_wipe_min"] = wipe_min
    data = {"name": "exposure", "seed": 3, "patient": {"age_years": 40, "sex": "female",
                                                     "fitzpatrick": 3, "site": "cheek"},
            "protocol": protocol}
    params = default_parameters()
    return prepare(build_scenario(data, params), params)


def test_no_serum_no_exposure():
    assert exposures_of(_prepared()) == [None, None]


def test_every_session_with_a_serum_is_exposed_once():
    prepared = _prepared("vitamin_c")
    exposures = exposures_of(prepared)
    assert [e.session for e in exposures] == [1, 2]
    assert [e.active for e in exposures] == ["ascorbic_acid"] * 2
    assert exposures[1].day == pytest.approx(28.0)
    assert deliveries_of(prepared) is deliveries_of(prepared)  # computed once, shared


def test_mean_concentration_is_the_time_average_of_the_layer_amount():
    prepared = _prepared("niacinamide")
    [first, _] = exposures_of(prepared)
    delivery = deliveries_of(prepared)[1]
    amounts = layer_amounts_ug_per_cm2(delivery.needled, prepared.skin)
    for k, name in enumerate(LAYERS):
        thickness_cm = prepared.skin.thickness_m[name] / CM_M
        # a mean over time lies between the extremes of the curve it averages
        assert amounts[:, k].min() / thickness_cm - 1e-9 <= first.mean_ug_per_ml[name]
        assert first.mean_ug_per_ml[name] <= amounts[:, k].max() / thickness_cm + 1e-9
    assert first.papillary_ug_per_ml > 0 and first.epidermis_ug_per_ml > 0


def test_a_serum_wiped_early_exposes_the_dermis_less():
    kept = exposures_of(_prepared("tranexamic_acid"))[0]
    wiped = exposures_of(_prepared("tranexamic_acid", wipe_min=2))[0]
    assert 0 < wiped.papillary_ug_per_ml < kept.papillary_ug_per_ml
    assert wiped.dermis_ug_per_cm2 < kept.dermis_ug_per_cm2
