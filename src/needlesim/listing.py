"""What ``needlesim list sites|devices`` prints: the catalogues as small tables."""

from __future__ import annotations

from needlesim.constants import UM_M
from needlesim.parameters import ParameterSet

# Layer thickness varies with sex and age, so the table is for one stated reference patient.
REFERENCE = {"age_years": 40, "sex": "female", "fitzpatrick": 3}


def site_lines(params: ParameterSet) -> list[str]:
    """Layer thicknesses [um] of every site for the reference patient."""
    from needlesim.scenario.model import Patient
    from needlesim.skin import LAYERS, build_skin

    short = {"stratum_corneum": "SC", "viable_epidermis": "epidermis",
             "papillary_dermis": "papillary", "reticular_dermis": "reticular",
             "hypodermis": "hypodermis"}
    lines = [f"layer thickness [um] of a {REFERENCE['age_years']}-year-old {REFERENCE['sex']} "
             "patient (thinner with age; the dermis differs by sex)",
             f"{'site':14s}" + "".join(f"{short[layer]:>11s}" for layer in LAYERS)]
    for site in params.sites:
        skin = build_skin(Patient(site=site, **REFERENCE), params)
        lines.append(f"{site:14s}" + "".join(f"{skin.thickness_m[layer] / UM_M:11.0f}"
                                             for layer in LAYERS))
    return lines


def device_lines(params: ParameterSet) -> list[str]:
    """Every device name a scenario may use: kind, needle-length range and description."""
    from needlesim.parameters.devices import kind_defaults, known_devices, needle_length_range_mm

    lines = [f"{'name':18s} {'kind':7s} {'needle length [mm]':>18s}  description"]
    for name in known_devices(params):
        low, high = needle_length_range_mm(name, params)
        lengths = f"{low:g}" if low == high else f"{low:g} to {high:g}"
        if name in kind_defaults():
            kind, text = name, f"any {name}: the catalogue's {kind_defaults()[name]}"
        else:
            row = params.device_row(name)
            kind, text = row["kind"], row["label"]
        lines.append(f"{name:18s} {kind:7s} {lengths:>18s}  {text}")
    return lines
