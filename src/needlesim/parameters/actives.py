"""Names of the actives (serums, numbing creams) in the shipped library, with aliases."""

from __future__ import annotations

import csv
from functools import lru_cache

from needlesim.parameters.loader import DATA


@lru_cache(maxsize=1)
def known_actives() -> dict[str, str]:
    """Map every accepted serum name (canonical or alias) to its canonical name."""
    names: dict[str, str] = {}
    with (DATA / "actives.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            canonical = row["name"].strip()
            names[canonical] = canonical
            for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
                names[alias] = canonical
    return names


@lru_cache(maxsize=1)
def active_rows() -> dict[str, dict[str, str]]:
    """Every row of actives.csv by canonical name (molecular data with their sources)."""
    with (DATA / "actives.csv").open(newline="", encoding="utf-8") as handle:
        return {row["name"].strip(): row for row in csv.DictReader(handle)}


def is_anaesthetic(name: str) -> bool:
    """Whether the active numbs (column ``anaesthetic`` of actives.csv)."""
    return active_rows()[canonical_active(name)]["anaesthetic"] == "yes"


def canonical_active(name: str) -> str:
    """The canonical library name of a serum written as ``name`` (an alias is accepted)."""
    names = known_actives()
    if name not in names:
        raise KeyError(f"unknown active {name!r}; known: {sorted(names)}")
    return names[name]
