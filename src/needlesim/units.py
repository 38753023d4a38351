"""Units at the edges: turn user quantities ("1.5 mm", "4 weeks", 1.5) into plain floats.

The core works in SI floats. A scenario key names its unit (``needle_length_mm``), so a
bare number is read in that unit and a string is parsed by pint and converted to it.
"""

from __future__ import annotations

from functools import lru_cache

import pint

from needlesim.errors import input_error


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    # pint parses its definitions file on every start (about half a second); its own
    # cache in the user's cache folder cuts that tenfold. A folder that cannot be written
    # (a read-only home, a locked-down service) only costs the half second.
    try:
        return pint.UnitRegistry(cache_folder=":auto:")
    except OSError:
        return pint.UnitRegistry()


def to_unit(value, unit: str, field: str) -> float:
    """Return ``value`` expressed in ``unit`` as a float.

    Numbers are taken to be in ``unit`` already; strings may carry any compatible unit.
    """
    if isinstance(value, bool):
        raise input_error(field, value, f"a number or a quantity string in {unit}", unit)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        ureg = registry()
        try:
            quantity = ureg.Quantity(value.strip())
        except Exception as exc:  # pint raises several unrelated types for bad text
            raise input_error(field, value, f"a quantity such as '1.5 {unit}'", unit) from exc
        if not isinstance(quantity, ureg.Quantity):
            return float(quantity)  # a bare number written as text: read in the key's unit
        if quantity.unitless:
            return float(quantity.magnitude)
        try:
            return float(quantity.to(unit).magnitude)
        except pint.DimensionalityError as exc:
            raise input_error(
                field, value, f"a quantity convertible to {unit}", unit
            ) from exc
    raise input_error(field, value, f"a number or a quantity string in {unit}", unit)


def si(value: float, unit: str) -> float:
    """Convert a float in ``unit`` to SI base units."""
    return float(registry().Quantity(value, unit).to_base_units().magnitude)


def from_si(value: float, unit: str) -> float:
    """Convert a float in SI base units to ``unit``."""
    ureg = registry()
    base = ureg.Quantity(1.0, unit).to_base_units().units
    return float(ureg.Quantity(value, base).to(unit).magnitude)
