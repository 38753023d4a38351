"""The healing model's rate constants, read once from the parameter set (per day).

``samples`` overrides any entry by name with an array over patients (an ensemble member
per patient), so that one vectorised integration covers a whole parameter ensemble.
"""

from __future__ import annotations

import numpy as np

from needlesim.parameters import ParameterSet

# name in the code -> (parameter name, unit it is read in)
RATES = {
    "bleed_pulse": ("bleeding_growth_factor_pulse", ""),
    "nsaid": ("nsaid_inflammation_factor", ""),
    "kS": ("damage_decay_rate", "1/day"),
    "kN": ("neutrophil_removal_rate", "1/day"),
    "aM": ("macrophage_recruitment_rate", "1/day"),
    "kSw": ("macrophage_switch_rate", "1/day"),
    "kM": ("macrophage_removal_rate", "1/day"),
    "kG": ("growth_factor_decay_rate", "1/day"),
    "gM1": ("growth_factor_from_inflammatory_macrophages", ""),
    "gF": ("growth_factor_from_fibroblasts", ""),
    "rF": ("fibroblast_growth_rate", "1/day"),
    "kFr": ("fibroblast_return_rate", "1/day"),
    "Fmax": ("fibroblast_max_relative", ""),
    "KG": ("growth_factor_half_activation", ""),
    "acol": ("collagen_synthesis_scale", "1/day"),
    "share_new3": ("collagen_new_type_III_share", ""),
    "Cmax": ("collagen_max_relative", ""),
    "t_half_col": ("collagen_turnover_half_life", "day"),
    "kr": ("collagen_III_replacement_rate", "1/day"),
    "kmat": ("collagen_I_maturation_rate", "1/day"),
    "kn": ("mmp_degradation_new_matrix", "1/day"),
    "km": ("mmp_degradation_mature_matrix", "1/day"),
    "a7": ("collagen_VII_synthesis_share", ""),
    "t_half_7": ("collagen_VII_turnover_half_life", "day"),
    "kte": ("tropoelastin_turnover_rate", "1/day"),
    "ate": ("tropoelastin_synthesis_scale", "1/day"),
    "eE": ("elastin_assembly_efficiency", ""),
    "t_half_el": ("elastin_turnover_half_life", "day"),
    "kEl": ("elastase_degradation_rate", "1/day"),
    "aV": ("angiogenesis_rate", "1/day"),
    "kVr": ("vessel_regression_rate", "1/day"),
    "kK": ("keratinocyte_rate", "1/day"),
    "aK": ("keratinocyte_drive", ""),
    "kH": ("epidermis_relaxation_rate", "1/day"),
    "gK": ("epidermis_proliferation_gain", ""),
    "gH": ("epidermis_collagen_gain", ""),
    "share1": ("collagen_I_share", ""),
    "share3": ("collagen_III_share", ""),
    # serum actives (actives.py): how long their effect lasts after a session
    "serum_gf_residence": ("serum_growth_factor_residence_time", "day"),
    "vitc_half": ("vitamin_c_tissue_half_life", "day"),
}


class Rates(dict):
    """Rate constants by short name; values are floats or arrays of shape (patients, 1).
    Each entry is an attribute too (``rates.kS``), read directly in the right-hand side's
    hot loop."""

    def __setitem__(self, name, value):
        super().__setitem__(name, value)
        self.__dict__[name] = value

    def __getattr__(self, name):  # only reached for names that are not entries
        raise AttributeError(name)


CASCADE_PARAMETERS = frozenset(parameter for parameter, _ in RATES.values())


def healing_rates(params: ParameterSet, samples: dict[str, np.ndarray] | None = None) -> Rates:
    rates = Rates()
    by_parameter = {parameter: short for short, (parameter, _) in RATES.items()}
    for short, (parameter, unit) in RATES.items():
        rates[short] = params.get(parameter, unit or None)
    for parameter, values in (samples or {}).items():
        short = by_parameter.get(parameter, parameter)
        if short not in rates:
            raise KeyError(f"unknown healing parameter {parameter!r}")
        unit = RATES[short][1] or None
        factor = params.value(RATES[short][0]).to(unit) / params.value(RATES[short][0]).value
        rates[short] = np.asarray(values, float).reshape(-1, 1) * factor
    ln2 = np.log(2.0)
    rates["d1"] = ln2 / rates["t_half_col"]
    rates["d7"] = ln2 / rates["t_half_7"]
    rates["dE"] = ln2 / rates["t_half_el"]
    rates["aN"] = rates["kN"]  # neutrophils are counted in units of their damage-driven scale
    return rates
