"""Named devices of the catalogue, and the generic kinds that stand for one of them."""

from __future__ import annotations

from needlesim.parameters import ParameterSet

# A scenario may name a kind; it then means this representative device of the catalogue.
KIND_DEFAULTS = {"roller": "roller_standard", "pen": "skinpen", "stamp": "stamp_generic"}

# Brand and common names a scenario may use for one catalogue device (matched whatever the
# case and spacing, see scenario/names.py); names shared by several devices are left out.
DEVICE_ALIASES = {"dermapen": "dermapen_2012", "derma stamp": "stamp_generic"}


def known_devices(params: ParameterSet) -> list[str]:
    return list(KIND_DEFAULTS) + params.device_names


def device_kind_default(name: str) -> str:
    return KIND_DEFAULTS.get(name, name)


def needle_length_range_mm(name: str, params: ParameterSet) -> tuple[float, float]:
    row = params.device_row(device_kind_default(name))
    return float(row["needle_length_min_mm"]), float(row["needle_length_max_mm"])
