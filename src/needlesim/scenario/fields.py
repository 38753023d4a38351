"""Field types for scenarios: quantities with units, and errors that carry field, range and unit."""

from __future__ import annotations

import math
import numbers
import re
from typing import Annotated, Literal

import numpy as np
from pydantic import BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

from needlesim.errors import InputError
from needlesim.scenario.names import lookup, resolve, suggest
from needlesim.scenario.slug import MAX_NAME_LENGTH, NAME_PATTERN, NAME_RULE, is_safe_name
from needlesim.units import to_unit

RANGE_ERROR = "needlesim_range"


def out_of_range(value, allowed: str, unit: str = "", at: tuple = ()) -> PydanticCustomError:
    """An error pydantic keeps with its context, so the field path can be added later.

    ``at`` continues the path below the validated field, for a check on a whole list that
    blames one item (``overrides`` -> ``overrides[0].session``)."""
    return PydanticCustomError(
        RANGE_ERROR,
        "got {value}; allowed: {allowed} {unit}",
        {"value": value, "allowed": allowed, "unit": unit, "at": at},
    )


# pint reads "1,5" as 15 (the comma as a thousands separator): refuse the decimal comma.
DECIMAL_COMMA = re.compile(r"\d,\d")
# A quantity string is a number and a unit ("1.5 mm", "4 weeks", "10 cm**2", "2 cm/s").
# pint would evaluate any expression, and "9**9**9 mm" never returns: keep to this form.
# Each part can match one way only, so a long bad string fails at once (no backtracking).
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,3})?"
_UNIT = r"[^\W\d]+(?:\s*(?:\*\*|\^)\s*[-+]?[1-4])?"
QUANTITY_TEXT = re.compile(rf"{_NUMBER}\s*(?:{_UNIT}(?:\s*[/*]\s*{_UNIT}|\s+{_UNIT})*)?")
MAX_QUANTITY_TEXT = 40


def quantity(unit: str):
    """A float field written as a number in ``unit`` or as a string with any compatible unit."""

    def parse(value):
        if value is None:
            return value
        if isinstance(value, str) and DECIMAL_COMMA.search(value):
            raise out_of_range(value, "a decimal point, not a comma: "
                               f"{value.replace(',', '.')!r}", unit)
        if isinstance(value, str) and (len(value) > MAX_QUANTITY_TEXT
                                       or not QUANTITY_TEXT.fullmatch(value.strip())):
            raise out_of_range(value, f"a number and a unit, such as '1.5 {unit}'", unit)
        try:
            return to_unit(value, unit, field="")
        except InputError as exc:
            raise out_of_range(value, exc.problems[0]["allowed"], unit) from None
        except ArithmeticError:  # a number beyond float range in the text
            raise out_of_range(value, f"a number and a unit, such as '1.5 {unit}'", unit) from None

    return Annotated[float, BeforeValidator(parse)]


Millimetres = quantity("mm")
Days = quantity("day")
Hours = quantity("hour")
Minutes = quantity("minute")
Years = quantity("year")
SquareCentimetres = quantity("cm**2")
CentimetresPerSecond = quantity("cm/s")
MicrolitresPerSquareCentimetre = quantity("uL/cm**2")


# Strict kinds: TOML has real booleans and integers, so a quoted "yes" or "4", or a
# fractional 4.5 for a count, is a mistake to report rather than a value to coerce.


def _flag(value):
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise out_of_range(value, "true or false (a TOML boolean, without quotes)")


def _whole(value):
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        raise out_of_range(value, "a whole number such as 4 (without quotes)")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        if math.isfinite(value) and float(value).is_integer():
            return int(value)
        raise out_of_range(value, "a whole number such as 4 (no fraction)")
    return value


def _number(value):
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        raise out_of_range(value, "a number such as 0.5 (without quotes)")
    if isinstance(value, numbers.Real):
        return float(value)
    return value


def _name(value):
    if is_safe_name(value):
        return value
    shown = value[:60] + "..." if isinstance(value, str) and len(value) > 60 else value
    raise out_of_range(shown, NAME_RULE)


Flag = Annotated[bool, BeforeValidator(_flag)]
WholeNumber = Annotated[int, BeforeValidator(_whole)]
Number = Annotated[float, BeforeValidator(_number)]
# The constraints repeat the check for the JSON Schema the web service publishes.
SafeName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH,
                                            pattern=NAME_PATTERN), BeforeValidator(_name)]


def choice(values: tuple[str, ...], aliases: dict[str, str] | None = None):
    """One of ``values``, matched whatever the case and spacing (scenario/names.py), kept in
    the spelling of ``values``."""
    table = lookup(values, aliases)

    def parse(value):
        found = resolve(value, table)
        if found is None:
            raise out_of_range(value, suggest(value, list(values)))
        return found

    return Annotated[Literal[values], BeforeValidator(parse)]
