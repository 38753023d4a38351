"""The treated conditions a scenario may name, read off ``conditions.csv``: acne scars have
one row per scar type (``acne_scars_<type>``), every other condition one row. Column
``outcomes`` names the clinical outcomes that apply to a condition only (a scar score for
acne scars, a wrinkle grade for wrinkles and photoaging); every patient gets the general
skin-quality outcomes."""

from __future__ import annotations

from functools import lru_cache

from needlesim.parameters.loader import catalogue_rows

SCAR_PREFIX = "acne_scars_"


@lru_cache(maxsize=1)
def condition_names() -> tuple[str, ...]:
    names: list[str] = []
    for row in catalogue_rows("conditions"):
        name = "acne_scars" if row.startswith(SCAR_PREFIX) else row
        if name not in names:
            names.append(name)
    return tuple(names)


@lru_cache(maxsize=1)
def scar_types() -> tuple[str, ...]:
    return tuple(row.removeprefix(SCAR_PREFIX) for row in catalogue_rows("conditions")
                 if row.startswith(SCAR_PREFIX))


def condition_outcomes(row_name: str) -> tuple[str, ...]:
    """The condition-specific outcome keys of a conditions.csv row (e.g. acne_scars_boxcar)."""
    text = catalogue_rows("conditions")[row_name]["outcomes"]
    return tuple(key.strip() for key in text.split(";") if key.strip())


@lru_cache(maxsize=1)
def condition_specific_outcomes() -> frozenset[str]:
    """Every outcome key that applies to some conditions only."""
    return frozenset(key for row in catalogue_rows("conditions") for key in condition_outcomes(row))


def outcomes_of_condition(condition: str) -> tuple[str, ...]:
    """The condition-specific outcome keys of a scenario's condition ("acne_scars": those of
    every scar type)."""
    rows = [row for row in catalogue_rows("conditions")
            if row == condition or row.startswith(f"{condition}_") and condition == "acne_scars"]
    return tuple(dict.fromkeys(key for row in rows for key in condition_outcomes(row)))
