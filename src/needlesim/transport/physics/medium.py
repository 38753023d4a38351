"""Transport properties of each skin layer for one active.

Concentrations inside the solver are vehicle-equivalent (u = c / K): continuous across
layer interfaces, so partition jumps need no special faces. Per layer:

* stratum corneum: the permeability of Potts & Guy, log10 kp[cm/h] = b0 + a log Kow + b1 MW,
  split into a partition and a diffusivity. K_sc is the two-phase partition of Nitsche,
  Wang & Kasting (corneocyte keratin, intercellular lipid and water, each weighted by its
  volume share of the stratum corneum): K_sc = phi_pro K_pro + phi_lip K_lip + phi_w with
  K_pro = c_pro Kow^s_pro and K_lip = c_lip Kow^s_lip (volume basis); the diffusivity is the one that
  reproduces kp at the reference thickness, D_sc = kp * h_ref / K_sc (so the lag time
  h^2 / (6 D_sc) follows from the capacity K_sc the solute finds in the layer);
* viable epidermis: D_aq / H (Nitsche & Kasting), K = tissue water partition;
* dermis and hypodermis: D_aq * ratio (Fu 2005), same K, first-order clearance into blood
  k = k_small * Renkin(r / r_pore) * D_aq(r) / D_aq(r_ref) + k_lymph;
* everywhere: first-order degradation of the active (vitamin C oxidises).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.constants import CM_M, HOUR_S
from needlesim.parameters import ParameterSet
from needlesim.skin import LAYERS
from needlesim.transport.physics.hindrance import renkin
from needlesim.transport.physics.molecules import Active, free_diffusivity

CM_PER_H = CM_M / HOUR_S  # 1 cm/h in m/s


@dataclass(frozen=True)
class Medium:
    """Per-layer diffusivity [m2/s], partition [-], loss rates [1/s] (order of LAYERS)."""

    diffusivity: np.ndarray
    partition: np.ndarray
    clearance: np.ndarray
    degradation: float
    free_diffusivity: float


def potts_guy_kp(active: Active, params: ParameterSet) -> float:
    """Permeability coefficient of intact stratum corneum [m/s]."""
    log_kp = (params.get("potts_guy_intercept") + params.get("potts_guy_logkow_slope") * active.log_kow
              + params.get("potts_guy_mw_slope", "1/Da") * active.molecular_weight_da)
    return 10.0**log_kp * CM_PER_H


def sc_partition(active: Active, params: ParameterSet) -> float:
    """Stratum corneum/water partition coefficient (volume basis) [-]."""
    kow = 10.0 ** active.log_kow
    protein = (params.get("sc_protein_partition_prefactor")
               * kow ** params.get("sc_protein_partition_logkow_slope"))
    lipid = (params.get("sc_lipid_partition_prefactor")
             * kow ** params.get("sc_lipid_partition_logkow_slope"))
    return (params.get("sc_protein_volume_fraction") * protein
            + params.get("sc_lipid_volume_fraction") * lipid
            + params.get("sc_water_volume_fraction"))


def clearance_rate(active: Active, d_aq: float, params: ParameterSet) -> float:
    reference = free_diffusivity(params.get("clearance_reference_radius"), params)
    pore = renkin(active.stokes_radius_m / params.get("capillary_pore_radius"))
    reference_pore = renkin(params.get("clearance_reference_radius") / params.get("capillary_pore_radius"))
    capillary = params.get("dermal_clearance_rate", "1/s") * pore / reference_pore * d_aq / reference
    return capillary + params.get("lymphatic_clearance_rate", "1/s")


def build_medium(active: Active, params: ParameterSet) -> Medium:
    d_aq = free_diffusivity(active.stokes_radius_m, params)
    kp = potts_guy_kp(active, params)
    k_sc = sc_partition(active, params)
    d_sc = kp * params.get("sc_reference_thickness") / k_sc
    d_ve = d_aq / params.get("ve_hindrance")
    d_de = d_aq * params.get("dermis_diffusivity_ratio")
    k_tissue = params.get("tissue_water_partition")
    clear = clearance_rate(active, d_aq, params)
    diffusivity = {"stratum_corneum": d_sc, "viable_epidermis": d_ve, "papillary_dermis": d_de,
                   "reticular_dermis": d_de, "hypodermis": d_de}
    partition = {"stratum_corneum": k_sc, "viable_epidermis": k_tissue}
    clearance = {"papillary_dermis": clear, "reticular_dermis": clear, "hypodermis": clear}
    return Medium(
        diffusivity=np.array([diffusivity[n] for n in LAYERS]),
        partition=np.array([partition.get(n, k_tissue) for n in LAYERS]),
        clearance=np.array([clearance.get(n, 0.0) for n in LAYERS]),
        degradation=active.degradation_per_s,
        free_diffusivity=d_aq,
    )
