"""The donor as applied: a film of vehicle on the skin that loses its volatile part (water)
by evaporation, concentrates, holds at most the active's solubility in solution and dries.

Model (each value in parameters/data/model_transport.csv with its source or as an
assumption):

* volume per area V(t) = max(V0 r, V0 - E f t): the volatile share (1 - r) of the applied
  volume V0 leaves at the vehicle's evaporation rate, a free water surface's E scaled by
  f (constant-rate drying: the film is thin, so the vapour, not diffusion in the film,
  limits it); occlusion stops it. r is the non-volatile residue (humectants, oils).
* the active's mass m on the surface is tracked; the dissolved concentration is
  min(m / V, solubility): the excess lies undissolved and is not available until the
  dissolved part is used up.
* once the volatile part has gone (t_dry = V0 (1 - r) / (E f)) the residue acts on the
  skin at the vehicle's residue release factor times its dissolved concentration, so its
  flux into the skin is that share of a wet film's (a dried aqueous film leaves a sticky,
  partly crystalline deposit that releases slowly; the oily residue of a cream or an
  ointment stays a liquid film). The time loops solve for this activity (factor times
  concentration) with the film's volume over the factor as its capacity, which conserves
  the film's mass and does not depend on the depth grid.
* wiping (Formulation.contact_s) removes the whole surface compartment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.parameters import ParameterSet


@dataclass(frozen=True)
class Film:
    evaporation_m_per_s: float = 0.0  # volume per area the volatile part loses per second
    residue_fraction: float = 1.0  # share of the applied volume that does not evaporate
    residue_release: float = 1.0  # contact of the dried residue relative to the wet film
    solubility_kg_m3: float = np.inf  # dissolved concentration cap (inf: not limiting)

    def __post_init__(self):
        if not 0.0 < self.residue_release <= 1.0:
            raise ValueError("residue_release must be in (0, 1]")

    def dry_time_s(self, volume_m3_per_m2: float | None) -> float | None:
        """When the volatile part has gone (None: an infinite dose or a film that never dries)."""
        if volume_m3_per_m2 is None or self.evaporation_m_per_s <= 0 or self.residue_fraction >= 1:
            return None
        return volume_m3_per_m2 * (1 - self.residue_fraction) / self.evaporation_m_per_s

    def volume(self, volume_m3_per_m2: float, times_s: np.ndarray) -> np.ndarray:
        """Film volume per area at ``times_s`` [m3/m2]."""
        times = np.asarray(times_s, dtype=float)
        return np.maximum(volume_m3_per_m2 * self.residue_fraction,
                          volume_m3_per_m2 - self.evaporation_m_per_s * times)

    def contact(self, volume_m3_per_m2: float | None, step_ends_s: np.ndarray) -> np.ndarray:
        """Contact factor of each step (1 while wet; the residue release factor after)."""
        dry = self.dry_time_s(volume_m3_per_m2)
        ends = np.asarray(step_ends_s, dtype=float)
        if dry is None:
            return np.ones(ends.size)
        return np.where(ends <= dry * (1 + 1e-9), 1.0, self.residue_release)


NO_FILM = Film()


def film_of(solubility_kg_m3: float, vehicle: str, occluded: bool, params: ParameterSet) -> Film:
    """The film of ``vehicle`` for an active of the given solubility; an occluded film
    does not evaporate."""
    rate = 0.0 if occluded else (params.get("water_evaporation_rate", "m/s")
                                 * params.get(f"vehicle_evaporation_factor_{vehicle}"))
    return Film(evaporation_m_per_s=rate,
                residue_fraction=params.get(f"vehicle_residue_fraction_{vehicle}"),
                residue_release=params.get(f"vehicle_residue_release_{vehicle}"),
                solubility_kg_m3=solubility_kg_m3)
