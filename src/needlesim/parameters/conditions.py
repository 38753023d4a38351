"""The treated conditions a scenario may name, read off ``conditions.csv``: acne scars have
one row per scar type (``acne_scars_<type>``), every other condition one row. Column
``outcomes`` names the clinical outcomes that apply to a condition only (a scar score for
acne scars, a wrinkle grade for wrinkles and photoaging); every patient gets the general
skin-quality outcomes.

Scars that the scar score grades (acne scars by type, chicken-pox and surgical scars) are the
rows whose outcomes name ``scar_score_change_pct``; each has a lesion depth and width, which
the scar map reads (``outcomes/scar_geometry.py``). Stretch marks come as ``striae`` (colour
not stated), ``striae_rubra`` and ``striae_alba``."""

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


SCAR_SCORE = "scar_score_change_pct"
STRIAE = "striae"


def scar_kind(row_name: str) -> str | None:
    """The scar kind the scar map reads for a conditions.csv row (``boxcar`` for
    acne_scars_boxcar, ``varicella`` for varicella_scars), or None when the scar score does
    not apply to the row."""
    if SCAR_SCORE not in condition_outcomes(row_name):
        return None
    return row_name.removeprefix(SCAR_PREFIX).removesuffix("_scars")


@lru_cache(maxsize=1)
def scar_rows() -> dict[str, str]:
    """Scar kind -> its conditions.csv row, for every row the scar score applies to."""
    return {scar_kind(row): row for row in catalogue_rows("conditions") if scar_kind(row)}


def striae_colour(row_name: str) -> str | None:
    """``rubra`` or ``alba`` for the coloured striae rows, ``mixed`` for striae of unstated
    colour, None for any other condition."""
    if row_name == STRIAE:
        return "mixed"
    if row_name.startswith(f"{STRIAE}_"):
        return row_name.removeprefix(f"{STRIAE}_")
    return None
