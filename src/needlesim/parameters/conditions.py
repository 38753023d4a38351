"""The treated conditions a scenario may name, read off ``conditions.csv``: acne scars have
one row per scar type (``acne_scars_<type>``), every other condition one row."""

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
