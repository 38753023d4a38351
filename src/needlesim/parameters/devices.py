"""The device catalogue's names (``devices.csv``): the named devices, the generic kinds a
scenario may name instead (column ``represents_kind``: the device that stands for the kind)
and brand or common names (column ``aliases``, ';'-separated)."""

from __future__ import annotations

from functools import lru_cache

from needlesim.parameters.loader import ParameterSet, catalogue_rows


@lru_cache(maxsize=1)
def kind_defaults() -> dict[str, str]:
    """Kind ("pen") -> the catalogue device that represents it."""
    return {row["represents_kind"]: name for name, row in catalogue_rows("devices").items()
            if row["represents_kind"]}


@lru_cache(maxsize=1)
def device_aliases() -> dict[str, str]:
    """Brand or common name -> catalogue device."""
    return {alias.strip(): name for name, row in catalogue_rows("devices").items()
            for alias in row["aliases"].split(";") if alias.strip()}


def known_devices(params: ParameterSet) -> list[str]:
    return list(kind_defaults()) + params.device_names


def device_kind_default(name: str) -> str:
    """The catalogue device a scenario's device name means."""
    return kind_defaults().get(name, name)


def needle_length_range_mm(name: str, params: ParameterSet) -> tuple[float, float]:
    row = params.device_row(device_kind_default(name))
    return float(row["needle_length_min_mm"]), float(row["needle_length_max_mm"])
