"""Serum transport through micro-channels: actives, formulation, layered diffusion,
a 3D reference solver on a periodic patch and a reduced unit-cell model."""

from needlesim.transport.delivery import Delivery, deliver
from needlesim.transport.formulation import Formulation, default_formulation
from needlesim.transport.molecules import Active, load_active
from needlesim.transport.stage import TransportStage

__all__ = ["Active", "Delivery", "Formulation", "default_formulation", "deliver", "load_active",
           "TransportStage"]
