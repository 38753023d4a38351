"""A formulation: how much of an active is put on, in what vehicle, when and for how long."""

from __future__ import annotations

from dataclasses import dataclass, replace

from needlesim.parameters import ParameterSet
from needlesim.scenario.model import VEHICLES
from needlesim.transport.physics.hindrance import ogston
from needlesim.transport.physics.molecules import Active


@dataclass(frozen=True)
class Formulation:
    concentration_kg_m3: float
    dose_volume_m3_per_m2: float | None  # None: infinite dose (donor held at concentration)
    vehicle: str = "aqueous"
    application_s: float = 0.0  # time of application relative to the end of needling
    contact_s: float | None = None  # wiped off after this long (None: left on)
    occluded: bool = False
    rub_in: bool = False  # massaged into the open channels as it goes on

    def __post_init__(self):
        if self.vehicle not in VEHICLES:
            raise ValueError(f"vehicle {self.vehicle!r} not in {VEHICLES}")
        if self.concentration_kg_m3 <= 0:
            raise ValueError("concentration must be positive [kg/m3]")

    def with_(self, **changes) -> Formulation:
        return replace(self, **changes)


def default_formulation(active: Active, params: ParameterSet, occluded: bool = False) -> Formulation:
    """A serum applied right after needling as a finite aqueous dose and left on."""
    return Formulation(
        concentration_kg_m3=active.default_concentration_kg_m3,
        dose_volume_m3_per_m2=params.get("default_dose_volume", "m**3/m**2"),
        vehicle="aqueous",
        occluded=occluded,
    )


def channel_diffusivity(active: Active, d_aq: float, formulation: Formulation,
                        params: ParameterSet) -> float:
    """Diffusivity along a vehicle-filled channel, scaled by how well the vehicle fills it."""
    fill = params.get(f"vehicle_fill_{formulation.vehicle}")
    phi = params.get(f"vehicle_polymer_fraction_{formulation.vehicle}")
    return d_aq * fill * ogston(phi, active.stokes_radius_m, params.get("ogston_fiber_radius"))
