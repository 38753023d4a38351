"""Healing: the cascade each session's micro-injuries set off, summed over a series.

Tissue state only: injury.py (channels -> damage per compartment) -> rates.py, rhs.py
(kinetics) -> exponential_heun.py (integrator with session jumps) -> cascade.py (a series
against the untreated patient; batch.py for many patients at once) -> dataset.py. The
stored calibration ensemble is read by ensemble.py. Clinical outcomes, the summary and the
pipeline stage are in ``needlesim.outcomes``; calibration in ``needlesim.calibration``.
"""

from needlesim.healing.species import COMPARTMENTS, SPECIES

__all__ = ["COMPARTMENTS", "SPECIES"]
