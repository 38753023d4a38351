"""Targets on serum transport (``targets_transport.csv``) and the one transport calibration.

Virtual experiments (each stands for the conditions of its study as far as the abstract
says; the choices are listed in docs/transport.md):

* Park 2010 (rat, polymer microneedle roller 9 times x 4 directions, L-ascorbic acid):
  standard roller at its shortest needles (0.5 mm), 36 passes on the back, 15 % vitamin C
  as the default finite aqueous dose (5 uL/cm2) left on; enhancement of the amount that
  entered the dermis in 24 h over intact skin, compared on a log10 scale.
* Lidocaine 4 % with a 200 um roller (JAMA Dermatol 2016): home roller 0.2 mm, 4 passes on
  the upper arm, a thick layer of 4 % cream (100 uL/cm2) right after needling; onset is the
  time the concentration 50 um below the dermal-epidermal junction reaches
  ``numbing_threshold_fraction`` of the cream's. The threshold is FITTED to the 30 min onset
  (:func:`calibrate_numbing_threshold`); the shortening against intact skin is a check.
* FITC-dextran 4.4 kDa, needle length 1 vs 1.5 mm (ex vivo, Dermaroller): the standard
  roller at the two lengths, one pass, infinite dose (Franz donor), 24 h; a 'check' (the
  study gives a direction, not a size).
* Molecular weight: the same pen 1.0 mm, FITC-dextran 70 kDa over 4.4 kDa.
* Kushla & Zatz 1991: lidocaine's lag through human skin in vitro against the stratum
  corneum's h^2 / (6 D_sc) (its partition from the layer's composition, not fitted).
* Wei 2018 diffusivities of 70 kDa - 2 MDa dextrans in epidermis and dermis: the model's
  viable-epidermis and dermis diffusivities (no parameter fitted to them).

Run ``python -m needlesim.validation.transport`` to print the threshold fit and ``--write``
to store it in parameters/data/model_transport.csv.
"""

from __future__ import annotations

import argparse
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

from needlesim.constants import HOUR_S, MINUTE_S, UM_M
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.parameters.store import store_values
from needlesim.prepare import run_session
from needlesim.scenario import build_scenario, session_plan
from needlesim.skin import LAYERS, build_skin
from needlesim.transport import default_formulation, deliver, load_active
from needlesim.transport.numbing import NUMBING_ONSET_HORIZON_S, numbing_summary
from needlesim.transport.outputs import at_time, dermis_ug_per_cm2
from needlesim.transport.physics.medium import build_medium
from needlesim.transport.stage import numbing_onset_min, summary_of
from needlesim.validation.registry import computes

LIDOCAINE_TARGET_MIN = 30.0  # targets_transport.csv: lidocaine_onset_roller_200um
CREAM_DOSE_M3_PER_M2 = 1e-3  # 100 uL/cm2: a thick layer of cream (about 1 mm)


@lru_cache(maxsize=16)
def _session(device: str, length_mm: float, passes: int, site: str):
    params = default_parameters()
    scenario = build_scenario({
        "seed": 1,
        "patient": {"age_years": 30, "sex": "female", "fitzpatrick": 2, "site": site},
        "protocol": {"sessions": 1, "interval_days": 28, "device": device,
                     "needle_length_mm": length_mm, "passes": passes, "area_cm2": 4.0},
    }, params)
    skin = build_skin(scenario.patient, params)
    session = session_plan(scenario.protocol)[0]
    return skin, session, run_session(session, skin, 1, params)


@lru_cache(maxsize=16)
def _delivery(device: str, length_mm: float, passes: int, site: str, active: str,
              changes: tuple = ()):
    params = default_parameters()
    skin, session, run = _session(device, length_mm, passes, site)
    molecule = load_active(active, params)
    formulation = default_formulation(molecule, params).with_(**dict(changes))
    return skin, deliver(skin, run.channels, run.closure, session, molecule, params, formulation)


def _dermis_24h(device, length_mm, passes, site, active, changes=()) -> float:
    skin, delivery = _delivery(device, length_mm, passes, site, active, changes)
    return at_time(delivery.needled, dermis_ug_per_cm2(delivery.needled, skin), 24 * HOUR_S)


# -- vitamin C ---------------------------------------------------------------------------
@computes("park2010_vitamin_c_log10_enhancement")
def park2010_vitamin_c_log10_enhancement() -> float:
    _, delivery = _delivery("roller_standard", 0.5, 36, "back", "vitamin_c")
    return float(np.log10(summary_of(delivery, default_parameters())["enhancement_ratio"]))


# -- lidocaine ---------------------------------------------------------------------------
LIDOCAINE = ("home_roller", 0.2, 4, "upper_arm", "lidocaine",
             (("vehicle", "cream"), ("dose_volume_m3_per_m2", CREAM_DOSE_M3_PER_M2)))


def lidocaine_onsets_min(params: ParameterSet | None = None) -> tuple[float, float]:
    """Numbing onset with the 200 um roller and through intact skin [min]."""
    params = params or default_parameters()
    _, delivery = _delivery(*LIDOCAINE)
    return (numbing_onset_min(delivery, delivery.needled, params),
            numbing_onset_min(delivery, delivery.intact, params))


def calibrate_numbing_threshold() -> float:
    """The numbing_threshold_fraction that gives the 30 min onset with the 200 um roller.

    The threshold only enters the post-processing of one solution, so the root search
    re-reads the same solution (reproducible, deterministic, about a second)."""
    def gap(fraction):
        needled, _ = lidocaine_onsets_min(ParameterSet({"numbing_threshold_fraction": fraction}))
        return (needled if np.isfinite(needled) else 1e9) - LIDOCAINE_TARGET_MIN

    return float(brentq(gap, 1e-6, 0.5, xtol=1e-10, rtol=1e-8))


@computes("lidocaine_onset_roller_200um")
def lidocaine_onset_roller_200um() -> float:
    return lidocaine_onsets_min()[0]


@computes("lidocaine_onset_shortening")
def lidocaine_onset_shortening() -> float:
    needled, intact = lidocaine_onsets_min()
    return needled / intact if np.isfinite(intact) else 0.0


# -- numbing creams on intact skin before a session (product labels) ------------------------
def intact_numbing_onset_min(product: str) -> float:
    """numbing.onset_min of ``product`` on the upper arm; the search horizon when not reached."""
    skin = _session(*LIDOCAINE[:4])[0]
    summary = numbing_summary(skin, product, None, 60.0, default_parameters())
    onset = summary["onset_min"]
    return NUMBING_ONSET_HORIZON_S / MINUTE_S if onset is None else onset


for _id, _product in (("emla_intact_onset_log10_min", "emla"),
                      ("lidocaine_4pct_intact_onset_log10_min", "lidocaine_4pct")):
    computes(_id)(lambda product=_product: float(np.log10(intact_numbing_onset_min(product))))


# -- the stratum corneum's lag for lidocaine (Kushla & Zatz 1991) ----------------------------
@computes("kushla1991_lidocaine_lag_log10_h")
def kushla1991_lidocaine_lag_log10_h() -> float:
    params = default_parameters()
    medium = build_medium(load_active("lidocaine", params), params)
    thickness = params.get("sc_reference_thickness")
    return float(np.log10(thickness**2 / (6 * medium.diffusivity[0]) / HOUR_S))


# -- FITC-dextran trends -------------------------------------------------------------------
FRANZ = (("dose_volume_m3_per_m2", None),)  # infinite dose: the donor of a diffusion cell


@computes("dextran_needle_length_ratio")
def dextran_needle_length_ratio() -> float:
    longer = _dermis_24h("roller_standard", 1.5, 1, "upper_arm", "fitc_dextran", FRANZ)
    return longer / _dermis_24h("roller_standard", 1.0, 1, "upper_arm", "fitc_dextran", FRANZ)


@computes("dextran_molecular_weight_ratio")
def dextran_molecular_weight_ratio() -> float:
    large = _dermis_24h("pen", 1.0, 1, "upper_arm", "fitc_dextran_70kda", FRANZ)
    return large / _dermis_24h("pen", 1.0, 1, "upper_arm", "fitc_dextran", FRANZ)


# -- macromolecule diffusivities (Wei 2018) -------------------------------------------------
def layer_diffusivity_um2_s(active: str, layer: str) -> float:
    params = default_parameters()
    medium = build_medium(load_active(active, params), params)
    return float(medium.diffusivity[list(LAYERS).index(layer)] / UM_M**2)


for _id, _active, _layer in (
        ("wei2018_epidermis_d_70kda", "fitc_dextran_70kda", "viable_epidermis"),
        ("wei2018_epidermis_d_2000kda", "fitc_dextran_2000kda", "viable_epidermis"),
        ("wei2018_dermis_d_70kda", "fitc_dextran_70kda", "reticular_dermis"),
        ("wei2018_dermis_d_2000kda", "fitc_dextran_2000kda", "reticular_dermis")):
    computes(_id)(lambda active=_active, layer=_layer: layer_diffusivity_um2_s(active, layer))


# -- calibration script -----------------------------------------------------------------------
def write_threshold(value: float) -> None:
    store_values("model_transport.csv", {"numbing_threshold_fraction": value})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Fit numbing_threshold_fraction (lidocaine 30 min)")
    parser.add_argument("--write", action="store_true", help="store it in model_transport.csv")
    args = parser.parse_args(argv)
    value = calibrate_numbing_threshold()
    shipped = ParameterSet().value("numbing_threshold_fraction").value
    print(f"numbing_threshold_fraction fitted {value:.4g} shipped {shipped:.4g}")
    if args.write:
        write_threshold(value)
        print("written to parameters/data/model_transport.csv")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
