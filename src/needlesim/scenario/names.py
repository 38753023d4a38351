"""One way to read the names a scenario uses (device, serum, site, condition, scar type,
pressure), in TOML keys and in step sentences alike.

A name matches a catalogue entry whatever its case and whatever spaces, '_' and '-' it
uses ("Vitamin C", "vitamin-c" and "vitamin_c" are one name), and the scenario keeps the
catalogue's own spelling, so the code downstream compares plain strings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from needlesim.parameters import ParameterSet
from needlesim.parameters.actives import known_actives
from needlesim.parameters.devices import device_aliases, known_devices
from needlesim.parameters.numbing import known_numbing, numbing_rows


def squash(text: str) -> str:
    """The form two spellings of one name share: lower case, no spaces, '_' or '-'."""
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


def lookup(spellings: Iterable[str], aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    """Squashed spelling -> the spelling to keep, for ``spellings`` and ``aliases``."""
    table = {squash(alias): target for alias, target in (aliases or {}).items()}
    table.update({squash(name): name for name in spellings})
    return table


def resolve(value, table: Mapping[str, str]) -> str | None:
    """The kept spelling of ``value``, or None if it names nothing in ``table``."""
    return table.get(squash(value)) if isinstance(value, str) else None


def suggest(value, choices: list[str]) -> str:
    """'one of a, b, c' with the closest choice when ``value`` looks like a typo of one."""
    close = difflib.get_close_matches(str(value).lower(), choices, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return "one of " + ", ".join(choices) + hint


def device_table(params: ParameterSet) -> dict[str, str]:
    # kinds (pen, roller, stamp) stay kinds: the simulation maps them to a representative
    return lookup(known_devices(params), device_aliases())


def serum_table() -> dict[str, str]:
    # aliases keep their own spelling: the summary's delivery key is the serum as written,
    # and every stage resolves aliases through the actives library
    return lookup(known_actives())


def numbing_table() -> dict[str, str]:
    # a numbing cream is named by its catalogue name in the summary, aliases resolved here
    return lookup(numbing_rows(), known_numbing())


def site_table(params: ParameterSet) -> dict[str, str]:
    return lookup(params.sites)
