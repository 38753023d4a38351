"""Serum transport through micro-channels: actives, formulation, layered diffusion,
a 3D reference solver on a periodic patch and a reduced unit-cell model.

physics/ (actives, layers, formulation, closing channels), geometry/ (depth grid, meshes,
owned areas, overlaps), solvers/ (finite-volume matrices and the step solvers); the
orchestration (delivery, resolutions, time loops, stage, outputs) sits here."""

from needlesim.transport.delivery import Delivery, deliver
from needlesim.transport.physics.formulation import Formulation, default_formulation
from needlesim.transport.physics.molecules import Active, load_active
from needlesim.transport.stage import TransportStage

__all__ = ["Active", "Delivery", "Formulation", "default_formulation", "deliver", "load_active",
           "TransportStage"]
