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
