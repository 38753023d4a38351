"""Risks over a series: hyperpigmentation, tram-tracks, infection, granuloma warning."""

from __future__ import annotations

import csv
from functools import lru_cache

import numpy as np

from needlesim.parameters import ParameterSet
from needlesim.parameters.actives import canonical_active
from needlesim.parameters.loader import DATA

REFERENCE_PHOTOTYPE = 4
REFERENCE_INTERVAL_DAYS = 30.0


def pih_probability(fitzpatrick, burden_day, params: ParameterSet,
                    interval_days: float = REFERENCE_INTERVAL_DAYS):
    """Probability of PIH over a series: logistic in phototype, the log of the inflammation
    burden and the log of how much shorter than a month the interval between sessions is
    (inflammation that has not settled before the next session)."""
    shorter = np.log(REFERENCE_INTERVAL_DAYS / np.clip(interval_days, 1.0, REFERENCE_INTERVAL_DAYS))
    logit = (params.get("pih_logit_intercept")
             + params.get("pih_logit_per_phototype") * (np.asarray(fitzpatrick) - REFERENCE_PHOTOTYPE)
             + params.get("pih_logit_per_log_inflammation")
             * np.log(np.maximum(burden_day, 1e-9) / params.get("pih_reference_burden", "day"))
             + params.get("pih_logit_per_log_shorter_interval") * shorter)
    return 1 / (1 + np.exp(-logit))


def series_interval_days(sessions) -> float:
    """Median days between sessions (a month for a single session)."""
    days = [s.day for s in sessions]
    return float(np.median(np.diff(days))) if len(days) > 1 else REFERENCE_INTERVAL_DAYS


def _kind(device: str, params: ParameterSet) -> str:
    if device in ("pen", "roller", "stamp"):
        return device
    return params.device_row(device)["kind"]


def tram_track_probability(sessions, bone_backing: bool, params: ParameterSet) -> float:
    """Roller drag marks; pens and stamps much less; firm pressure and bony sites more."""
    per_session = params.get("tram_track_per_session")
    factors = {"pen": params.get("tram_track_pen_factor"), "stamp": params.get("tram_track_stamp_factor"),
               "roller": 1.0}
    pressure = {"light": params.get("tram_track_light_factor"), "moderate": 1.0,
                "firm": params.get("tram_track_firm_factor")}
    bone = params.get("tram_track_bone_factor") if bone_backing else 1.0
    p = [min(1.0, per_session * factors[_kind(s.device, params)] * pressure[s.pressure] * bone)
         for s in sessions]
    return float(1 - np.prod([1 - q for q in p]))


def is_home_device(device: str) -> bool:
    return device.startswith("home")


def infection_probability(sessions, params: ParameterSet) -> float:
    clinic = params.get("infection_clinic_per_session")
    home = min(1.0, clinic * params.get("infection_home_factor"))
    p = [home if is_home_device(s.device) else clinic for s in sessions]
    return float(1 - np.prod([1 - q for q in p]))


@lru_cache(maxsize=1)
def intradermal_table() -> dict[str, dict]:
    with (DATA / "healing_intradermal.csv").open(newline="", encoding="utf-8") as handle:
        return {row["active"]: row for row in csv.DictReader(handle)}


def granuloma_warning(sessions, params: ParameterSet) -> list[str]:
    """Serums applied into open channels that are not meant for intradermal use."""
    flagged = []
    for session in sessions:
        if not session.serum:
            continue
        try:
            name = canonical_active(session.serum)
        except KeyError:
            name = session.serum
        row = intradermal_table().get(name)
        if row is None or row["intradermal_use"] != "yes":
            if row is not None:
                params.registry.use(row["source"])
            if session.serum not in flagged:
                flagged.append(session.serum)
    return flagged


def risks(sessions, skin, burden_day: float, params: ParameterSet) -> dict:
    serums = granuloma_warning(sessions, params)
    return {
        "pih_probability": float(pih_probability(skin.fitzpatrick, burden_day, params,
                                                 series_interval_days(sessions))),
        "tram_track_probability": tram_track_probability(sessions, skin.bone_backing, params),
        "infection_probability": infection_probability(sessions, params),
        "home_use": any(is_home_device(s.device) for s in sessions),
        "granuloma_warning": bool(serums),
        "granuloma_serums": serums,
        "inflammation_burden_days": float(burden_day),
    }
