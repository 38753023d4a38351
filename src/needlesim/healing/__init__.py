"""Healing: the cascade each session's micro-injuries set off, summed over a series.

injury.py (channels -> damage per compartment) -> rhs.py (kinetics) -> integrate.py
(exponential integrator with session jumps) -> model.py / series.py -> outcomes/.
"""

from needlesim.healing.species import COMPARTMENTS, SPECIES

__all__ = ["COMPARTMENTS", "SPECIES"]
