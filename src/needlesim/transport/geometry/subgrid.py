"""Sub-grid channel model for the 3D patch: channels narrower than a few lateral cells.

On a lateral grid whose cells are about as wide as a channel's mouth, the cells' volume
shares inside a channel depend on where the channel falls in its cell (a mouth of 25 um
radius at a 40 um cell's centre fills one column; at its corner it spreads over four, and
the delivered amount differs by a quarter), and the shares overstate the width through
which the channel feeds the tissue around it, so coarse grids deliver too much (a single
channel of the benchmark: 19 % at 80 um cells, 8 % at 40 um, 4.5 % at 20 um, converging at
an order of about 0.7). The model, in the
spirit of a Peaceman well index (the coupling of a well narrower than its cell set from
the grid spacing and the well radius, not resolved):

- each channel is spread over a disc of ``spread_cells`` cell widths (or its own radius
  if wider), its volume kept (shares scaled by (r / r_spread)^2): the shares then depend
  little on the channel's position in its cell (0.7 % standard deviation of a single
  channel's answer at 40 um cells; without spreading 231, 291 and 304 ug/cm2 at 24 h at a
  cell's centre, its corner and between);
- the channels' share of each cell's D K is the volume share times a conductance factor
  that depends on the cell width over the mouth radius, fitted (a fit, not a
  derivation) so that a single channel in a periodic square cell on the coarse grid
  delivers, at 1, 6 and 24 h, what the refined axisymmetric solution of the same channel
  (unit cell, 24 rings across the mouth, same depth grid) delivers.

The factors of BENCHMARK_FACTORS were fitted on the transport benchmark's layers and
channel (benchmarks/transport_vs_fipy.py: D 1e-13, 1e-10, 3e-10 m2/s for stratum
corneum, viable epidermis, dermis; channel 5e-10 m2/s, mouth radius 25 um, density of 8
channels per 4 mm2) by benchmarks/channel_subgrid.py, which reproduces them and the
refinement study of docs/transport.md. Other layers or channels need their own fit (the
script takes the problem as a function); between the fitted spacings the factor is
interpolated in log(spacing / radius), outside them the model refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPREAD_CELLS = 1.5  # spread disc radius in cell widths

# (lateral cell width / mouth radius, conductance factor): fitted by benchmarks/channel_subgrid.py
# on the benchmark's problem (one channel 600 um deep, mean over 6 positions in its cell, the
# benchmark's "accurate" depth grid, at 24 h; 1 and 6 h then within 0.2 %); channels 300 and
# 900 um deep deliver the same within 0.1 % (the channel feeds the tissue near its mouth)
BENCHMARK_FACTORS = ((0.8, 0.8095), (1.6, 0.4628), (3.2, 0.3142))


@dataclass(frozen=True)
class SubgridChannels:
    """Spread channels over ``spread_cells`` cells and scale their conductance by a factor
    interpolated in ``factors`` ((width / radius, factor) pairs, widths increasing)."""

    factors: tuple[tuple[float, float], ...] = BENCHMARK_FACTORS
    spread_cells: float = SPREAD_CELLS

    def conductance_factor(self, cell_width_m: float, mouth_radius_m: float) -> float:
        ratio = cell_width_m / mouth_radius_m
        known = np.array([r for r, _ in self.factors])
        if not known[0] * (1 - 1e-9) <= ratio <= known[-1] * (1 + 1e-9):
            raise ValueError(f"sub-grid channels: cell width / mouth radius {ratio:.2f} outside "
                             f"the fitted range {known[0]}-{known[-1]}")
        return float(np.interp(np.log(ratio), np.log(known), [w for _, w in self.factors]))
