"""Checks of a scenario against the shipped catalogues (sites, devices, serums, numbing
creams)."""

from __future__ import annotations

from needlesim.errors import InputError
from needlesim.parameters import ParameterSet
from needlesim.parameters.actives import known_actives
from needlesim.parameters.devices import known_devices, needle_length_range_mm
from needlesim.parameters.numbing import known_numbing
from needlesim.scenario.model import Scenario
from needlesim.scenario.names import (
    device_table,
    numbing_table,
    resolve,
    serum_table,
    site_table,
    suggest,
)


def _problem(field: str, value, allowed: str, unit: str = "") -> dict:
    return {"field": field, "value": value, "allowed": allowed, "unit": unit}


def check_catalogue(scenario: Scenario, params: ParameterSet) -> None:
    """Match the site, device and serum names to the catalogues (any case and spacing, with
    aliases; see names.py), keep the catalogue's spelling in ``scenario``, and check each
    needle length against the range of its device."""
    problems: list[dict] = []
    patient = scenario.patient
    site = resolve(patient.site, site_table(params))
    if site is None:
        problems.append(_problem("patient.site", patient.site, suggest(patient.site, params.sites)))
    else:
        patient.site = site
    devices, serums = device_table(params), serum_table()
    protocol = scenario.protocol
    settings = [("protocol", protocol)] + [
        (f"protocol.overrides[{i}]", o) for i, o in enumerate(protocol.overrides)
    ]
    for where, entry in settings:
        if entry.device is not None:
            device = resolve(entry.device, devices)
            if device is None:
                problems.append(_problem(f"{where}.device", entry.device,
                                         suggest(entry.device, known_devices(params))))
            else:
                entry.device = device
        if entry.serum is not None:
            serum = resolve(entry.serum, serums)
            if serum is None:
                problems.append(_problem(f"{where}.serum", entry.serum,
                                         suggest(entry.serum, sorted(known_actives()))))
            else:
                entry.serum = serum
    if protocol.numbing is not None:
        numbing = resolve(protocol.numbing, numbing_table())
        if numbing is None:
            problems.append(_problem("protocol.numbing", protocol.numbing,
                                     suggest(protocol.numbing, sorted(known_numbing()))))
        else:
            protocol.numbing = numbing
    elif protocol.numbing_min is not None:
        problems.append(_problem("protocol.numbing_min", protocol.numbing_min,
                                 "only with protocol.numbing (a numbing cream)", "min"))
    known = set(devices.values())
    for where, entry in settings:
        device = entry.device or protocol.device
        if device not in known or entry.needle_length_mm is None:
            continue  # an unknown device is reported above; its range is unknown
        low, high = needle_length_range_mm(device, params)
        if not low <= entry.needle_length_mm <= high:
            problems.append(_problem(f"{where}.needle_length_mm", entry.needle_length_mm,
                                     f"{low:g} to {high:g} (range of device {device!r})", "mm"))
    if problems:
        raise InputError(problems)
