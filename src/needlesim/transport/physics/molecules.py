"""An active's molecular properties and what follows from them: size and free diffusivity.

Stokes radius by kind of molecule (each relation from its source in model_transport.csv):
small molecules as compact spheres, peptides and proteins from Erickson's minimal radius,
dextrans from Venturoli & Rippe, hyaluronan as a coil (Rg ~ M^0.6, Mendichi 2003).
Free diffusivity from Stokes-Einstein at skin temperature: D_aq = k T / (6 pi eta r).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.constants import HOUR_S
from needlesim.parameters import ParameterSet
from needlesim.parameters.actives import active_rows, canonical_active

BOLTZMANN = 1.380649e-23  # J/K (exact, SI)
AVOGADRO = 6.02214076e23  # 1/mol (exact, SI)
NM_M = 1e-9
G_KG = 1e-3
PERCENT_KG_M3 = 10.0  # percent w/v: 1 % = 10 g/L = 10 kg/m3
G_PER_L_KG_M3 = 1.0  # 1 g/L = 1 kg/m3


@dataclass(frozen=True)
class Active:
    name: str  # canonical library name
    molecular_weight_da: float
    log_kow: float
    stokes_radius_m: float
    degradation_per_s: float
    default_concentration_kg_m3: float
    solubility_kg_m3: float = np.inf  # in water; inf where the catalogue gives none


def stokes_radius_m(kind: str, mw: float, params: ParameterSet) -> float:
    """Stokes radius of a molecule of ``kind`` (small | peptide | protein | dextran |
    hyaluronan) and molecular weight ``mw`` [Da]."""
    if kind == "small":
        volume = params.get("small_molecule_specific_volume", "m**3/kg") * mw * G_KG / AVOGADRO
        return float((3 * volume / (4 * np.pi)) ** (1 / 3))
    if kind in ("peptide", "protein"):
        return (params.get("protein_radius_prefactor") * mw ** (1 / 3)
                * params.get("protein_hydration_factor"))
    if kind == "dextran":
        return params.get("dextran_radius_prefactor") * mw ** params.get("dextran_radius_exponent")
    if kind == "hyaluronan":
        rg = params.get("hyaluronan_rg_prefactor") * mw ** params.get("hyaluronan_rg_exponent")
        return rg / params.get("coil_rg_over_rh")
    raise ValueError(f"unknown kind of molecule {kind!r}")


def free_diffusivity(radius_m: float, params: ParameterSet) -> float:
    """Stokes-Einstein diffusivity in water at skin temperature [m2/s]."""
    temperature = params.get("skin_temperature", "K")
    viscosity = params.get("water_viscosity_skin", "Pa*s")
    return BOLTZMANN * temperature / (6 * np.pi * viscosity * radius_m)


def load_active(name: str, params: ParameterSet) -> Active:
    """The library active called ``name`` (canonical or alias)."""
    canonical = canonical_active(name)
    row = active_rows()[canonical]
    params.registry.use(row["source"])
    mw = float(row["molecular_weight_Da"])
    kind = row["kind"].strip()
    radius = (float(row["stokes_radius_nm"]) * NM_M if row["stokes_radius_nm"].strip()
              else stokes_radius_m(kind, mw, params))
    return Active(
        name=canonical,
        molecular_weight_da=mw,
        log_kow=float(row["log_kow"]),
        stokes_radius_m=radius,
        degradation_per_s=float(row["degradation_per_h"] or 0) / HOUR_S,
        default_concentration_kg_m3=float(row["default_concentration_percent"]) * PERCENT_KG_M3,
        solubility_kg_m3=(float(row["water_solubility_g_per_L"]) * G_PER_L_KG_M3
                          if row["water_solubility_g_per_L"].strip() else np.inf),
    )
