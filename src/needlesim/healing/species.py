"""Names and order of the healing model's compartments and species.

State arrays have the shape (species, patients, compartments). Species are nondimensional:
cells, signals and vessels relative to resting tissue; matrix densities relative to a
young adult's (the same scale as ``Skin.collagen_relative``). Time is in days.
"""

from __future__ import annotations

COMPARTMENTS = ("epidermis", "papillary_dermis", "reticular_dermis")
EPI, PAP, RET = range(3)

SPECIES = (
    "damage",            # damage signals (DAMPs, clot) released by the channels
    "neutrophils",
    "macrophages_M1",    # inflammatory
    "macrophages_M2",    # reparative
    "growth_factor",     # TGF-beta and other growth factors (activity above rest)
    "fibroblasts",       # density relative to resting dermis
    "collagen_III",
    "collagen_I_immature",
    "collagen_I",        # mature (cross-linked)
    "collagen_VII",      # anchoring fibrils at the dermal-epidermal junction
    "tropoelastin",
    "elastin",           # mature elastic fibres
    "vessels",
    "keratinocyte_proliferation",
    "epidermal_thickness",
)
(S, N, M1, M2, G, F, C3, C1I, C1, C7, TE, E, V, K, H) = range(len(SPECIES))
