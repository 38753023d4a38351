"""The step-solver interface: what the time loop asks of a linear solver.

Each backward-Euler step solves (L + diag(capacity / dt + loss)) u = rhs for the cells'
vehicle-equivalent concentrations u (ncol, nz), L the conductance matrix of the step's
faces; a finite-dose donor on the skin is one more unknown coupled to every top cell. The
time loop picks one solver per problem before its first step (``timeloop.step_solver``),
hands it new faces whenever the channels' open shares or the donor's attachment change,
and otherwise only calls ``step``. Each solver caches what it can per step size (the
geometric step schedule has about a dozen distinct sizes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from needlesim.transport.solvers.fv_matrix import Conductances


@dataclass(frozen=True)
class CoupledDonor:
    """A finite-dose donor on the skin, coupled to the top cells by the faces ``g.top``.
    ``diagonal`` and ``rhs``: its row of the step without those faces (volume / dt +
    volume * degradation, and volume / dt * concentration); ``value``: its concentration
    at the start of the step."""

    diagonal: float
    rhs: float
    value: float


class StepSolver(Protocol):
    def set_faces(self, g: Conductances) -> None:
        """The conductances of the steps that follow (cached factorisations are dropped)."""

    def step(self, dt: float, rhs: np.ndarray, u: np.ndarray,
             donor: CoupledDonor | None) -> tuple[np.ndarray, float | None]:
        """Concentrations (ncol, nz) after a step of ``dt`` from ``u`` (a starting guess for
        iterative solvers) with right-hand side ``rhs`` (ncol, nz), and the coupled
        donor's new concentration (None without one)."""
        ...
