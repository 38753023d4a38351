"""Load the parameter tables shipped with the package and hand out values in SI."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from needlesim.parameters.citations import CitationRegistry, load_bibliography
from needlesim.units import registry

DATA = resources.files("needlesim.parameters") / "data"
PARAMETER_SET_NAME = "needlesim-literature-2026"


@dataclass(frozen=True)
class Value:
    """One parameter value as written in its data file."""

    name: str
    value: float
    unit: str
    source: str
    firmness: str
    note: str = ""

    def to(self, unit: str | None = None) -> float:
        """The value in ``unit``, or in SI base units when ``unit`` is None."""
        return _convert(self.value, self.unit, unit)


@lru_cache(maxsize=65536)
def _convert(value: float, unit: str, target: str | None) -> float:
    """Unit conversion through pint, remembered: the same parameters are read thousands of
    times in a cohort, and pint's parsing was a third of a cohort patient's cost."""
    quantity = registry().Quantity(value, unit or "dimensionless")
    if target is None:
        return float(quantity.to_base_units().magnitude)
    return float(quantity.to(target).magnitude)


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if not row[next(iter(row))].startswith("#")]
    return rows


def _value(row: dict[str, str], name: str) -> Value:
    return Value(
        name=name,
        value=float(row["value"]),
        unit=row["unit"],
        source=row["source"],
        firmness=row["firmness"],
        note=row.get("note", ""),
    )


@lru_cache(maxsize=1)
def _tables() -> dict:
    # model.csv holds the channel-stage parameters; each later stage ships model_<stage>.csv.
    model = {}
    for table in sorted(path.name for path in DATA.iterdir() if path.name.startswith("model")):
        for row in _read(table):
            if row["name"] in model:
                raise ValueError(f"parameter {row['name']!r} defined twice ({table})")
            model[row["name"]] = _value(row, row["name"])
    sites: dict[tuple[str, str, str], Value] = {}
    for row in _read("skin_sites.csv"):
        key = (row["site"], row["quantity"], row["sex"])
        sites[key] = _value(row, f"{row['site']}.{row['quantity']}.{row['sex']}")
    devices = {row["name"]: row for row in _read("devices.csv")}
    conditions = {row["name"]: row for row in _read("conditions.csv")}
    return {"model": model, "sites": sites, "devices": devices, "conditions": conditions}


class ParameterSet:
    """A view on the shipped parameter tables that records the sources it hands out.

    ``overrides`` replaces model values by name (in the file's unit), for sensitivity
    studies and calibration; an overridden value cites "override".
    """

    def __init__(self, overrides: dict[str, float] | None = None, name: str = PARAMETER_SET_NAME):
        self.name = name
        self._tables = _tables()
        self.registry = CitationRegistry(load_bibliography())
        self._overrides = dict(overrides or {})
        unknown = set(self._overrides) - set(self._tables["model"])
        if unknown:
            raise KeyError(f"unknown parameter(s) to override: {sorted(unknown)}")

    @property
    def overrides(self) -> dict[str, float]:
        """The overridden values by name (in the file's unit)."""
        return dict(self._overrides)

    def for_run(self) -> ParameterSet:
        """The same values with an empty citation record: one run's sources, not those of
        every earlier run that used this set."""
        return ParameterSet(self._overrides, self.name)

    # -- scalar model parameters -------------------------------------------------------
    def value(self, name: str) -> Value:
        entry = self._tables["model"][name]
        if name in self._overrides:
            entry = Value(name, float(self._overrides[name]), entry.unit, "override", "override")
        self.registry.use(entry.source)
        return entry

    def get(self, name: str, unit: str | None = None) -> float:
        """Model parameter ``name`` in ``unit`` (SI base units by default)."""
        return self.value(name).to(unit)

    # -- per-site skin data --------------------------------------------------------------
    @property
    def sites(self) -> list[str]:
        return sorted({site for site, _, _ in self._tables["sites"]})

    def site_value(self, site: str, quantity: str, sex: str) -> Value:
        table = self._tables["sites"]
        entry = table.get((site, quantity, sex)) or table.get((site, quantity, "any"))
        if entry is None:
            raise KeyError(f"no {quantity} for site {site!r} ({sex})")
        self.registry.use(entry.source)
        return entry

    def site(self, site: str, quantity: str, sex: str, unit: str | None = None) -> float:
        return self.site_value(site, quantity, sex).to(unit)

    # -- catalogues ------------------------------------------------------------------------
    @property
    def device_names(self) -> list[str]:
        return list(self._tables["devices"])

    def device_row(self, name: str) -> dict[str, str]:
        row = self._tables["devices"][name]
        self.registry.use(row["source"])
        return row

    def condition_row(self, name: str) -> dict[str, str]:
        row = self._tables["conditions"][name]
        self.registry.use(row["source"])
        return row

    def citations(self):
        return self.registry.citations()


def catalogue_rows(table: str) -> dict[str, dict[str, str]]:
    """The rows of a catalogue table ("devices", "conditions") by name, without citing them
    (for names and lookups; a run cites through :meth:`ParameterSet.device_row`)."""
    return _tables()[table]


def default_parameters(overrides: dict[str, float] | None = None) -> ParameterSet:
    return ParameterSet(overrides)
