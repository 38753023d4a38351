"""The transport stage of the pipeline: the serum of each session, delivered by the reduced
model, against intact skin. Summary keys (docs/summary.md) describe the first session
with a serum: ``delivery.<serum as written>.dermis_ug_per_cm2`` (cumulative amount that
entered the dermis 24 h after application) and ``.enhancement_ratio`` (over intact skin)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from needlesim.constants import HOUR_S, MINUTE_S, UM_M
from needlesim.parameters import ParameterSet
from needlesim.parameters.actives import is_anaesthetic
from needlesim.skin import LAYERS
from needlesim.stages import StageOutput
from needlesim.transport.delivery import Delivery
from needlesim.transport.exposure import deliveries_of
from needlesim.transport.numbing import numbing_summary
from needlesim.transport.outputs import (
    KG_M2_TO_UG_CM2,
    at_time,
    dermis_ug_per_cm2,
    enhancement_ratio,
    epidermis_ug_per_cm2,
    intact_detection_limit_ug_per_cm2,
    layer_amounts_ug_per_cm2,
    onset_s,
)

M_TO_UM = 1 / UM_M
M3_PER_M2_TO_UL_PER_CM2 = 1e5  # 1 m3/m2 = 1e9 uL per 1e4 cm2
PROFILE_TIMES_H = (0.25, 1.0, 6.0, 24.0)


def numbing_onset_min(delivery: Delivery, solution, params: ParameterSet) -> float:
    depth = delivery.setup.skin.dej_depth_m + params.get("numbing_effective_depth_below_dej")
    threshold = params.get("numbing_threshold_fraction") * delivery.formulation.concentration_kg_m3
    return onset_s(solution, depth, threshold) / MINUTE_S


def _per_cm2(solution, amounts_kg: np.ndarray, t_s: float) -> float:
    return at_time(solution, amounts_kg / solution.area_m2 * KG_M2_TO_UG_CM2, t_s)


def _dry_min(delivery: Delivery) -> float | None:
    dry = delivery.setup.film.dry_time_s(delivery.formulation.dose_volume_m3_per_m2)
    return None if dry is None else dry / MINUTE_S


def summary_of(delivery: Delivery, params: ParameterSet) -> dict:
    skin, horizon = delivery.setup.skin, delivery.setup.t_end_s
    needled = at_time(delivery.needled, dermis_ug_per_cm2(delivery.needled, skin), horizon)
    intact = at_time(delivery.intact, dermis_ug_per_cm2(delivery.intact, skin), horizon)
    dose = delivery.needled.dose_kg / delivery.needled.area_m2 * KG_M2_TO_UG_CM2
    limit = intact_detection_limit_ug_per_cm2(needled, params)
    out = {
        "dermis_ug_per_cm2": needled,
        "dermis_ug_per_cm2_at_1h": at_time(delivery.needled, dermis_ug_per_cm2(delivery.needled, skin),
                                           HOUR_S),
        "serum_delay_min": delivery.formulation.application_s / MINUTE_S,
        "enhancement_ratio": enhancement_ratio(needled, intact, limit),
        "intact_dermis_ug_per_cm2": intact,
        "intact_below_detection": bool(intact < limit),
        "intact_detection_limit_ug_per_cm2": limit,
        "viable_epidermis_ug_per_cm2": at_time(
            delivery.needled, epidermis_ug_per_cm2(delivery.needled, skin), horizon),
        "dose_ug_per_cm2": dose,
        "dermis_fraction_of_dose": needled / dose if np.isfinite(dose) and dose > 0 else float("nan"),
        "active": delivery.active.name,
        "vehicle": delivery.formulation.vehicle,
        "surface_ug_per_cm2": _per_cm2(delivery.needled, delivery.needled.donor_kg, horizon),
        "wiped_ug_per_cm2": _per_cm2(delivery.needled, delivery.needled.wiped_kg, horizon),
        "film_dry_min": _dry_min(delivery),
    }
    if out["film_dry_min"] is None:
        out["film_dry_min_null_reason"] = "the film does not dry (occluded, an ointment, or a " \
            "donor held at its concentration)"
    if out["intact_below_detection"]:
        out["enhancement_ratio_null_reason"] = (
            f"intact-skin delivery ({intact:.3g} ug/cm2) is below the detection limit "
            f"({limit:.3g} ug/cm2): the ratio is not measurable")
    if not np.isfinite(out["dermis_fraction_of_dose"]):
        out["dermis_fraction_of_dose_null_reason"] = "the donor is held at a constant concentration " \
            "(no finite dose)"
    if is_anaesthetic(delivery.active.name):
        never = f"the numbing threshold is not reached within {horizon / HOUR_S:g} h"
        for key, solution, where in (("numbing_onset_min", delivery.needled, "needled skin"),
                                     ("intact_numbing_onset_min", delivery.intact, "intact skin")):
            out[key] = numbing_onset_min(delivery, solution, params)
            if not np.isfinite(out[key]):
                out[key + "_null_reason"] = f"{never} through {where}"
    return out


def _var(dims, values, units, long_name):
    return dims, values, {"units": units, "long_name": long_name}


MODELS = {"reduced": "reduced: axisymmetric unit cell per channel class",
          "patch": "3D periodic patch cut from the puncture field"}


def delivery_dataset(deliveries: list[tuple[int, Delivery]], resolution: str = "reduced") -> xr.Dataset:
    first = deliveries[0][1]
    skin = first.setup.skin
    times = first.needled.times_s
    sessions = [n for n, _ in deliveries]

    def stack(fn):
        return np.array([np.interp(times, d.needled.times_s, fn(d.needled)) for _, d in deliveries])

    def stack_intact(fn):
        return np.array([np.interp(times, d.intact.times_s, fn(d.intact)) for _, d in deliveries])

    layers = np.array([layer_amounts_ug_per_cm2(d.needled, skin) for _, d in deliveries])
    z = first.setup.z_faces
    depth_um = 0.5 * (z[1:] + z[:-1]) * M_TO_UM
    pick = [int(np.argmin(np.abs(times - t * HOUR_S))) for t in PROFILE_TIMES_H]
    profiles = first.needled.concentration()[pick]
    intact_profiles = first.intact.concentration()[pick]
    ug = "ug/cm2"
    series = ("session", "time_h")
    profile = ("profile_time_h", "depth_um")
    return xr.Dataset(
        {
            "dermis_ug_per_cm2": _var(series, stack(lambda s: dermis_ug_per_cm2(s, skin)), ug,
                                      "Cumulative amount into the dermis [ug/cm2]"),
            "viable_epidermis_ug_per_cm2": _var(
                series, stack(lambda s: epidermis_ug_per_cm2(s, skin)), ug,
                "Cumulative amount into the viable epidermis [ug/cm2]"),
            "intact_dermis_ug_per_cm2": _var(
                series, stack_intact(lambda s: dermis_ug_per_cm2(s, skin)), ug,
                "Cumulative amount into the dermis through intact skin [ug/cm2]"),
            "amount_in_layer_ug_per_cm2": _var(series + ("layer",), layers, ug,
                                               "Amount present in each layer [ug/cm2]"),
            "concentration_kg_m3": _var(profile, profiles, "kg/m3",
                                        "Laterally averaged concentration, first session [kg/m3]"),
            "intact_concentration_kg_m3": _var(profile, intact_profiles, "kg/m3",
                                               "Laterally averaged concentration, intact skin [kg/m3]"),
        },
        coords={"session": sessions, "time_h": times / HOUR_S, "layer": list(LAYERS),
                "profile_time_h": list(PROFILE_TIMES_H), "depth_um": depth_um},
        attrs={"active": first.active.name, "dej_depth_um": skin.dej_depth_m * M_TO_UM,
               "concentration_kg_m3": first.formulation.concentration_kg_m3,
               "vehicle": first.formulation.vehicle,
               "dose_volume_uL_per_cm2": (first.formulation.dose_volume_m3_per_m2 or float("nan"))
                                         * M3_PER_M2_TO_UL_PER_CM2,
               "model": MODELS[resolution],
               "note": "research and education model; not for clinical decisions"},
    )


def _deliveries(prepared, runs) -> list[tuple[int, Delivery]]:
    deliveries = deliveries_of(prepared)
    return [(run.session.number, deliveries[run.session.number]) for run in runs]


def _numbing(prepared) -> dict:
    """The ``numbing`` section when the protocol numbs before the sessions (session 1)."""
    protocol = prepared.scenario.protocol
    if protocol.numbing is None or not prepared.runs:
        return {}
    return {"numbing": numbing_summary(prepared.skin, protocol.numbing, protocol.numbing_min,
                                       prepared.runs[0].field.duration_s, prepared.params)}


class TransportStage:
    """Serum delivery of every session with a serum (the summary describes the first), and
    numbing before the sessions."""

    def summary(self, prepared) -> dict:
        numbing = _numbing(prepared)
        first = next((run for run in prepared.runs if run.session.serum), None)
        if first is None:
            return numbing
        [(_, delivery)] = _deliveries(prepared, [first])
        return {"delivery": {first.session.serum: summary_of(delivery, prepared.params)}, **numbing}

    def run(self, prepared) -> StageOutput:
        numbing = _numbing(prepared)
        with_serum = [run for run in prepared.runs if run.session.serum]
        if not with_serum:
            return StageOutput(summary=numbing)
        deliveries = _deliveries(prepared, with_serum)
        first_name = with_serum[0].session.serum
        summary = {first_name: summary_of(deliveries[0][1], prepared.params)}
        by_active: dict[str, list] = {}
        for run, item in zip(with_serum, deliveries, strict=True):
            by_active.setdefault(run.session.serum, []).append(item)
        resolution = prepared.scenario.transport.resolution
        datasets = {}
        for name, items in by_active.items():
            key = "delivery" if name == first_name else f"delivery_{name}"
            datasets[key] = delivery_dataset(items, resolution)
        return StageOutput(datasets=datasets, summary={"delivery": summary, **numbing})
