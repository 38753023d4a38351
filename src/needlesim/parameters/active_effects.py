"""What each active of the library does to healing (``data/active_effects.csv``): its
effect kind (``growth_factor``, ``collagen_cofactor`` or ``none``), the parameter holding
its potency (EC50) and the reason, with sources. Actives without an effect say why."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from needlesim.parameters.loader import DATA

EFFECT_KINDS = ("growth_factor", "collagen_cofactor", "none")


@dataclass(frozen=True)
class ActiveEffectEntry:
    active: str
    effect: str  # one of EFFECT_KINDS
    potency: str  # parameter name of the EC50, empty without an effect
    reason: str
    source: str


@lru_cache(maxsize=1)
def active_effects() -> dict[str, ActiveEffectEntry]:
    """The effect catalogue by canonical active name."""
    with (DATA / "active_effects.csv").open(newline="", encoding="utf-8") as handle:
        entries = [ActiveEffectEntry(**{k: (v or "").strip() for k, v in row.items()})
                   for row in csv.DictReader(handle)]
    for entry in entries:
        if entry.effect not in EFFECT_KINDS:
            raise ValueError(f"unknown effect {entry.effect!r} of {entry.active!r}")
    return {entry.active: entry for entry in entries}


def effect_of(active: str) -> ActiveEffectEntry:
    """The catalogue entry of a canonical active; an active not listed has no effect."""
    return active_effects().get(active) or ActiveEffectEntry(
        active, "none", "", "no healing effect modelled: not in the effect catalogue", "")
