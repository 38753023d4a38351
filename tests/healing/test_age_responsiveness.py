"""The fibroblast age factor against its source (Varani 2006, docs/healing.md)."""

import numpy as np
import pytest

from needlesim.healing.baseline import AgeBaseline

# Type I procollagen made by cultured fibroblasts (Varani 2006 abstract): donors of
# 18-29 y against donors over 80, whom the parameter note places about 61 years older.
YOUNG_NG_PER_ML, OLD_NG_PER_ML = 82.0, 56.0
YOUNG_MID_AGE_YEARS = 23.5
OLD_AGE_YEARS = YOUNG_MID_AGE_YEARS + 61.0


@pytest.fixture(scope="module")
def baseline(params):
    return AgeBaseline(params, np.array(["female"]))


def test_old_over_young_reproduces_the_procollagen_ratio(baseline):
    y = baseline.fibroblast_responsiveness(np.array([YOUNG_MID_AGE_YEARS, OLD_AGE_YEARS]))
    assert y[1] / y[0] == pytest.approx(OLD_NG_PER_ML / YOUNG_NG_PER_ML, rel=0.02)


def test_flat_before_the_reference_and_held_at_the_floor(baseline, params):
    y = baseline.fibroblast_responsiveness(np.array([18.0, YOUNG_MID_AGE_YEARS, 300.0]))
    assert y[0] == y[1] == 1.0
    assert y[2] == pytest.approx(params.get("fibroblast_age_floor"))


def test_falls_steadily_with_age_between_reference_and_floor(baseline):
    ages = np.linspace(YOUNG_MID_AGE_YEARS, 90.0, 12)
    assert np.all(np.diff(baseline.fibroblast_responsiveness(ages)) < 0)
