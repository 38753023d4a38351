"""session.duration_min: the needling time grows with the treated area and the passes."""

import copy
import tomllib

from needlesim.batch import prepare_member
from needlesim.parameters import default_parameters
from needlesim.scenario import build_scenario, default_scenario_text

PARAMS = default_parameters()


def minutes(**protocol) -> float:
    data = tomllib.loads(default_scenario_text())
    data["protocol"].pop("serum")
    data = copy.deepcopy(data)
    data["protocol"].update(protocol)
    return prepare_member(build_scenario(data, PARAMS), PARAMS).summary["session"]["duration_min"]


def test_needling_time_grows_with_passes_and_area():
    base = minutes(area_cm2=8.0, passes=2)
    # passes 3 and 4 run diagonally across the square: their strokes are longer
    assert 2 * base < minutes(area_cm2=8.0, passes=4) < 3 * base
    # strokes run a little past the edges: doubling the area less than doubles the time
    assert 1.6 * base < minutes(area_cm2=16.0, passes=2) <= 2 * base


def test_a_pen_over_a_cheek_takes_minutes_not_seconds_or_hours():
    # a full face is commonly quoted at 30 to 60 minutes; one cheek (about 30 cm2) a fraction
    assert 2 < minutes(area_cm2=30.0) < 30
