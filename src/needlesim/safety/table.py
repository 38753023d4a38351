"""Read the safety data files: rules and aftercare rows with their thresholds and sources.

Parameters are written ``name=value; name=value`` in one column so that every rule fits one
CSV row; a value with ``|`` is a list, a number is read as a float.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from needlesim.parameters.citations import load_bibliography


@dataclass(frozen=True)
class Row:
    """One rule (rules.csv) or one aftercare item (aftercare.csv)."""

    code: str
    kind: str  # the check a rule runs, or the title of an aftercare item
    params: dict
    message: str
    source: str
    firmness: str
    note: str

    @property
    def sources(self) -> list[str]:
        return [key.strip() for key in self.source.split(";") if key.strip()]


def _value(text: str):
    text = text.strip()
    if "|" in text:
        return [part.strip() for part in text.split("|") if part.strip()]
    try:
        return float(text)
    except ValueError:
        return text


def parse_params(text: str) -> dict:
    params = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, _, value = part.partition("=")
        params[name.strip()] = _value(value)
    return params


def _read(name: str, kind_column: str) -> tuple[Row, ...]:
    path = resources.files("needlesim.safety") / "data" / name
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(Row(r["code"], r[kind_column], parse_params(r["params"]), r["message"],
                         r["source"], r["firmness"], r["note"]) for r in csv.DictReader(handle))


@lru_cache(maxsize=1)
def rules() -> tuple[Row, ...]:
    return _read("rules.csv", "check")


@lru_cache(maxsize=1)
def aftercare_rows() -> tuple[Row, ...]:
    return _read("aftercare.csv", "title")


@lru_cache(maxsize=1)
def sources() -> dict[str, str]:
    """This package's sources, then the parameter bibliography for keys the model already
    cites (harris2015, soltani2014, ...), so a citation is written once."""

    out = {key: c.text for key, c in load_bibliography().items()}
    path = resources.files("needlesim.safety") / "data" / "sources.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        out.update({row["key"]: row["citation"] for row in csv.DictReader(handle)})
    return out
