"""Skin age: the age at which the untreated, ageing baseline holds a given dermal matrix.

The baseline (``healing/baseline.py``) gives collagen and elastin densities relative to a
young adult's as functions of age: flat up to a reference age, then a linear decline with
a floor. Inverting it turns a treated dermis into an equivalent age. The treated patient's
level at age ``a`` is the baseline's level times (1 + the relative change against the
untreated patient on the same day, ``outcomes.clinical.tissue_changes``).

A level at or above the young adult's (the flat part of the curve) reads as the youngest
age the curve tells apart, the age the decline starts: a gain beyond it is capped there
(docs/healing.md, "Skin age"). A patient younger than that age sits on the flat part, so
the curve is counted from the patient's own age: no gain, and a loss ages the dermis from
the patient's age on.
"""

from __future__ import annotations

import numpy as np

from needlesim.healing.baseline import AgeBaseline

AGE_GRID_STEP_YEARS = 0.05  # resolution of the numerical inversion of the matrix curve


def collagen_age(level, baseline: AgeBaseline):
    """Age [years] at which the baseline's collagen density equals ``level`` (relative to
    a young adult); the reference age for a level at or above 1, the age the floor is
    reached for a level at or below the floor."""
    level = np.clip(np.asarray(level, float), baseline.floor, 1.0)
    return baseline.collagen_reference + (level - 1.0) / baseline.collagen_rate


def _from_own_age(equivalent, age_years, start_age):
    """An equivalent age on the curve, counted from the patient's own age when the patient
    is younger than the age the curve starts to fall."""
    return equivalent - np.maximum(start_age - np.asarray(age_years, float), 0.0)


def skin_age_years_gained(collagen_change, age_years, baseline: AgeBaseline):
    """Years by which the treated dermis's collagen is younger than the patient's age:
    ``age - collagen_age(baseline(age) * (1 + change))``; 0 without a change, at most the
    years since the reference age (the young adult's peak); negative when the treated
    dermis holds less collagen than the untreated one."""
    age = np.asarray(age_years, float)
    level = baseline.collagen(age)[0] * (1.0 + np.asarray(collagen_change, float))
    equivalent = _from_own_age(collagen_age(level, baseline), age, baseline.collagen_reference)
    return age - equivalent


def matrix_level(age_years, baseline: AgeBaseline, collagen_weight: float, elastin_weight: float):
    """Weighted collagen and elastin density of the baseline at ``age_years`` (1 for a
    young adult)."""
    total = collagen_weight + elastin_weight
    return (collagen_weight * baseline.collagen(age_years)[0]
            + elastin_weight * baseline.elastin(age_years)[0]) / total


def matrix_age(level, age_years, baseline: AgeBaseline, collagen_weight: float,
               elastin_weight: float):
    """Age at which the baseline's weighted matrix (``matrix_level``) equals ``level``,
    capped at the age the decline starts for a level at or above the young adult's."""
    start = min(baseline.collagen_reference, baseline.elastin_onset)
    end = max(baseline.collagen_reference + (baseline.floor - 1.0) / baseline.collagen_rate,
              baseline.elastin_onset + (baseline.floor - 1.0) / baseline.elastin_rate)
    ages = np.arange(start, end + AGE_GRID_STEP_YEARS, AGE_GRID_STEP_YEARS)
    curve = matrix_level(ages, baseline, collagen_weight, elastin_weight)
    # the curve falls with age: interpolate age against the rising -curve
    equivalent = np.interp(-np.asarray(level, float), -curve, ages)
    return _from_own_age(equivalent, age_years, start)
