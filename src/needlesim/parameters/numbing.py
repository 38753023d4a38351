"""Numbing creams of the shipped catalogue (``numbing.csv``): what goes on intact skin
before a session, for how long by default (the product label) and in what dose."""

from __future__ import annotations

import csv
from functools import lru_cache

from needlesim.parameters.loader import DATA


@lru_cache(maxsize=1)
def numbing_rows() -> dict[str, dict[str, str]]:
    """Every row of numbing.csv by canonical name."""
    with (DATA / "numbing.csv").open(newline="", encoding="utf-8") as handle:
        return {row["name"].strip(): row for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def known_numbing() -> dict[str, str]:
    """Map every accepted numbing-cream name (canonical or alias) to its canonical name."""
    names: dict[str, str] = {}
    for canonical, row in numbing_rows().items():
        names[canonical] = canonical
        for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
            names[alias] = canonical
    return names
