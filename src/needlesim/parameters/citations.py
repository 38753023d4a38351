"""The bibliography and the record of which entries a run used."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Citation:
    key: str
    text: str

    def __str__(self) -> str:
        return f"[{self.key}] {self.text}"


@lru_cache(maxsize=1)
def load_bibliography() -> dict[str, Citation]:
    """Every entry of sources.csv and of the per-stage sources_<stage>.csv files (read once:
    every parameter set shares it, and none changes it)."""
    folder = resources.files("needlesim.parameters") / "data"
    entries: dict[str, Citation] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not (path.name.startswith("sources") and path.name.endswith(".csv")):
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                entries[row["key"]] = Citation(row["key"], row["citation"])
    return entries


class CitationRegistry:
    """Collects the bibliography keys a run touched, in first-use order."""

    def __init__(self, bibliography: dict[str, Citation]):
        self._bibliography = bibliography
        self._used: dict[str, None] = {}

    def use(self, sources: str) -> None:
        # A parameter may cite several entries: "kalluri2011; fitted:calibrate_insertion".
        for key in (part.strip() for part in sources.split(";")):
            if key:
                self._used.setdefault(key, None)

    @property
    def keys(self) -> list[str]:
        return list(self._used)

    def citations(self) -> list[Citation]:
        return [self._bibliography.get(key, Citation(key, key)) for key in self._used]
