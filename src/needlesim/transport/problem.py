"""A transport problem on a ColumnMesh: properties per cell, channels, donor."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.transport.geometry.column_mesh import ColumnMesh
from needlesim.transport.physics.film import NO_FILM, Film
from needlesim.transport.physics.open_channels import decay_rate, mean_open_share, open_share_at


@dataclass(frozen=True)
class Donor:
    concentration_kg_m3: float
    volume_m3_per_m2: float | None  # None: infinite dose (concentration held)
    contact_s: float | None = None  # wiped off after this long
    degradation_per_s: float = 0.0
    film: Film = NO_FILM  # evaporation, solubility cap and drying of a finite dose
    rub_in: bool = False  # massaged into the open channels as it goes on (their lumens fill)


@dataclass(frozen=True)
class Problem:
    """Diffusion of an active in vehicle-equivalent concentration u (= c / K).

    K du/dt = div(D K grad u) - (k_clear + k_deg) K u in tissue; channels are cells whose
    volume share ``phi`` holds vehicle (K = 1, D = channel_diffusivity) while open. Open
    share s_i(tau) = exp(-ln 2 tau / t_half_i) at channel age tau = t + offset >= 0, with the
    late half-life after ``channel_switch_s`` (the channel model's dressing switch).
    """

    mesh: ColumnMesh
    layer_diffusivity: np.ndarray  # by layer [m2/s]
    layer_partition: np.ndarray  # by layer [-]
    layer_loss: np.ndarray  # clearance by layer [1/s]
    degradation_per_s: float
    channel_diffusivity: float
    channel_half_life_s: np.ndarray  # (nch,), inf for channels that stay open
    channel_offset_s: float  # channel age at the time of application (negative: applied before)
    donor: Donor
    bottom_sink: bool = True
    channel_late_half_life_s: np.ndarray | None = None  # after channel_switch_s (end of dressing)
    channel_switch_s: float = 0.0

    # -- per-cell fields -------------------------------------------------------------------
    @property
    def base_conductivity(self) -> np.ndarray:
        return (self.layer_diffusivity * self.layer_partition)[self.mesh.layer]  # (nz,)

    def capacity(self) -> np.ndarray:
        phi = self.mesh.channel_fraction
        k = self.layer_partition[self.mesh.layer][None, :]
        return self.mesh.volume * ((1 - phi) * k + phi)

    def loss_rates(self) -> tuple[np.ndarray, float]:
        return self.layer_loss[self.mesh.layer], self.degradation_per_s

    def open_share(self, t0: float, t1: float) -> np.ndarray:
        """Mean open share of each channel over the step [t0, t1] (0 before needling)."""
        half = self.channel_half_life_s
        late = self.channel_late_half_life_s if self.channel_late_half_life_s is not None else half
        return mean_open_share(decay_rate(half), decay_rate(late), self.channel_switch_s,
                               self.channel_offset_s, t0, t1)

    def lumen_volume_m3(self) -> np.ndarray:
        """Vehicle volume of each cell's open channel lumen when the serum goes on (ncol, nz):
        the channel's volume share of the cell times its open share at application."""
        half = self.channel_half_life_s
        late = self.channel_late_half_life_s if self.channel_late_half_life_s is not None else half
        share = open_share_at(decay_rate(half), decay_rate(late), self.channel_switch_s,
                              self.channel_offset_s, 0.0)
        s = np.append(share, 0.0)[self.mesh.channel_of_column]  # owner -1 -> 0
        return self.mesh.volume * self.mesh.channel_fraction * s[:, None]

    def conductivity(self, share: np.ndarray) -> np.ndarray:
        """D K of each cell (ncol, nz) for the channels' open shares."""
        base = self.base_conductivity[None, :]
        s = np.append(share, 0.0)[self.mesh.channel_of_column]  # owner -1 -> 0
        phi = self.mesh.channel_conductance_share
        if phi is None:
            phi = self.mesh.channel_fraction
        return base + phi * s[:, None] * (self.channel_diffusivity - base)

