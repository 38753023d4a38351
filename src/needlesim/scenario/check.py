"""Checks of a scenario against the shipped catalogues (sites, devices, serums)."""

from __future__ import annotations

import difflib

from needlesim.devices.catalogue import device_kind_default, known_devices, needle_length_range_mm
from needlesim.errors import InputError
from needlesim.parameters import ParameterSet
from needlesim.parameters.actives import known_actives
from needlesim.scenario.model import Scenario


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return "one of " + ", ".join(choices) + hint


def check_catalogue(scenario: Scenario, params: ParameterSet) -> None:
    problems: list[dict] = []
    site = scenario.patient.site
    if site not in params.sites:
        problems.append(
            {"field": "patient.site", "value": site, "allowed": _suggest(site, params.sites),
             "unit": ""}
        )
    devices = known_devices(params)
    actives = known_actives()
    protocol = scenario.protocol
    settings = [("protocol", protocol)] + [
        (f"protocol.overrides[{i}]", o) for i, o in enumerate(protocol.overrides)
    ]
    for where, entry in settings:
        device = entry.device or protocol.device
        if entry.device is not None and device not in devices:
            problems.append(
                {"field": f"{where}.device", "value": device, "allowed": _suggest(device, devices),
                 "unit": ""}
            )
            continue
        if device not in devices:
            continue
        length = entry.needle_length_mm if entry.needle_length_mm is not None else None
        if length is not None:
            low, high = needle_length_range_mm(device_kind_default(device), params)
            if not low <= length <= high:
                problems.append(
                    {"field": f"{where}.needle_length_mm", "value": length,
                     "allowed": f"{low:g} to {high:g} (range of device {device!r})", "unit": "mm"}
                )
        if entry.serum is not None and entry.serum not in actives:
            problems.append(
                {"field": f"{where}.serum", "value": entry.serum,
                 "allowed": _suggest(entry.serum, sorted(actives)), "unit": ""}
            )
    if problems:
        raise InputError(problems)
