"""The unit cell's rings: ring values at their log-mean radii make the two-point flux exact
for radial steady flow, and the pipeline's rings (3 across the mouth, 10 outside) come
close to rings four times finer."""

import numpy as np
import pytest

from needlesim.transport.geometry import unitcell
from needlesim.transport.geometry.unitcell import log_mean_radius, ring_distances, ring_faces
from needlesim.transport.problem import Donor, Problem
from needlesim.transport.timeloop import integrate


def ring_mean_of_log(inner, outer, points=200_001):
    """Area-weighted mean of ln r over the ring (trapezoid rule on a fine grid)."""
    r = np.linspace(max(inner, 1e-12 * outer), outer, points)
    f = np.log(r) * r
    return float(np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(r)) / (0.5 * (outer**2 - inner**2)))


@pytest.mark.parametrize(("inner", "outer"), [(0.0, 1.0), (1.0, 1.3), (25e-6, 399e-6), (2.0, 50.0)])
def test_log_mean_radius_is_where_ln_r_takes_its_ring_mean(inner, outer):
    rho = float(log_mean_radius(np.array([inner]), np.array([outer]))[0])
    assert inner <= rho <= outer
    assert np.log(rho) == pytest.approx(ring_mean_of_log(inner, outer), abs=1e-6)


def test_two_point_flux_is_exact_for_the_logarithmic_profile():
    """u = ln r carries the radial flux 2 pi (D = 1, unit height) through every circle: the
    scheme's flux between the rings' mean values is that for any spacing; the arithmetic
    half-widths are off by about 1 % per face on rings of ratio 1.3."""
    faces = ring_faces(25e-6, 400e-6)
    inner, outer = faces[:-1], faces[1:]
    means = np.log(log_mean_radius(inner, outer))
    face = faces[1:-1]
    d1, d2 = ring_distances(faces)
    flux = 2 * np.pi * face * (means[1:] - means[:-1]) / (d1 + d2)
    assert np.allclose(flux[1:], 2 * np.pi, rtol=1e-12)  # the disc's profile is not ln r
    centres = 0.5 * (inner + outer)
    arithmetic = 2 * np.pi * face * (means[1:] - means[:-1]) / (centres[1:] - centres[:-1])
    assert np.max(np.abs(arithmetic[3:] / (2 * np.pi) - 1)) > 5e-3


def channel_cell(refine):
    """A benchmark-like unit cell: 50 um channel (D 5e-10) 600 um deep in a 400 um cell of
    dermis (D 3e-10) under a nearly impermeable 15 um layer, donor held at the surface."""
    faces = np.concatenate([np.linspace(0, 15e-6, 4), np.linspace(15e-6, 1.2e-3, 60)[1:]])
    layer = (faces[1:] > 15e-6 + 1e-12).astype(int)
    mesh = unitcell.unit_cell_mesh(faces, layer, 400e-6, 25e-6, 600e-6, taper=0.0, refine=refine)
    return Problem(mesh=mesh, layer_diffusivity=np.array([1e-13, 3e-10]), layer_partition=np.ones(2),
                   layer_loss=np.zeros(2), degradation_per_s=0.0, channel_diffusivity=5e-10,
                   channel_half_life_s=np.array([np.inf]), channel_offset_s=0.0,
                   donor=Donor(1.0, None))


def delivered(refine, hours=(1.0, 6.0)):
    solution = integrate(channel_cell(refine), hours[-1] * 3600, 1.0, 600.0,
                         tuple(h * 3600 for h in hours))
    entered = solution.entered_below(15e-6)
    return np.array([np.interp(h * 3600, solution.times_s, entered) for h in hours])


def test_pipeline_rings_close_to_rings_four_times_finer():
    """3 + 10 rings within 1 % of 12 + 40 (on this cell 0.7 %: half from the 3 rings across
    the mouth, a third from the outer rings)."""
    error = np.max(np.abs(delivered(1.0) / delivered(4.0) - 1))
    assert error < 1e-2, error


def outer_ring_error(monkeypatch, log_mean):
    """10 outer rings against 40, with 12 across the mouth (their own error kept small)."""
    monkeypatch.setattr(unitcell, "LOG_MEAN_NODES", log_mean)
    monkeypatch.setattr(unitcell, "RINGS_INSIDE", 12)
    monkeypatch.setattr(unitcell, "RINGS_OUTSIDE", 10)
    coarse = delivered(1.0)
    monkeypatch.setattr(unitcell, "RINGS_OUTSIDE", 40)
    return np.max(np.abs(coarse / delivered(1.0) - 1))


def test_log_mean_values_halve_the_outer_rings_error(monkeypatch):
    """Log-mean ring values: 10 outer rings within 0.3 % of 40; the arithmetic half-widths
    are more than twice as far off (so the test tells the two apart)."""
    log_mean = outer_ring_error(monkeypatch, True)
    arithmetic = outer_ring_error(monkeypatch, False)
    assert log_mean < 3e-3, log_mean
    assert arithmetic > 2 * log_mean, (arithmetic, log_mean)
