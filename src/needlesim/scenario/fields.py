"""Field types for scenarios: quantities with units, and errors that carry field, range and unit."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from needlesim.errors import InputError
from needlesim.units import to_unit

RANGE_ERROR = "needlesim_range"


def out_of_range(value, allowed: str, unit: str = "") -> PydanticCustomError:
    """An error pydantic keeps with its context, so the field path can be added later."""
    return PydanticCustomError(
        RANGE_ERROR,
        "got {value}; allowed: {allowed} {unit}",
        {"value": value, "allowed": allowed, "unit": unit},
    )


def quantity(unit: str):
    """A float field written as a number in ``unit`` or as a string with any compatible unit."""

    def parse(value):
        if value is None:
            return value
        try:
            return to_unit(value, unit, field="")
        except InputError as exc:
            raise out_of_range(value, exc.problems[0]["allowed"], unit) from None

    return Annotated[float, BeforeValidator(parse)]


Millimetres = quantity("mm")
Days = quantity("day")
Hours = quantity("hour")
Years = quantity("year")
SquareCentimetres = quantity("cm**2")
CentimetresPerSecond = quantity("cm/s")
