"""Owned cells (transport/geometry/owned_cells.py): the rays trace the Voronoi cell, a
large field's cells equal the periodic patch's, the unit cell they shape keeps the owned
area and a disc's rays give the plain rings back; on a clustered field they bring the
reduced model to the 3D patch where discs are 20 % off."""

import numpy as np
import pytest

from needlesim.constants import HOUR_S
from needlesim.transport import default_formulation, load_active
from needlesim.transport.geometry.areas import periodic_voronoi_areas
from needlesim.transport.geometry.overlaps import open_share
from needlesim.transport.geometry.owned_cells import RAYS, field_cells, periodic_cells
from needlesim.transport.geometry.patch import PatchChannels
from needlesim.transport.geometry.unitcell import rays_outside_mouth, unit_cell_mesh
from needlesim.transport.resolutions import channel_classes, make_setup, patch_solution, reduced_solution

ANGLES = (np.arange(RAYS) + 0.5) * 2 * np.pi / RAYS


def test_rays_of_a_square_lattice_trace_the_square():
    side, n = 1e-3, 4
    spacing = side / n
    x, y = (g.ravel() * spacing + 0.3 * spacing for g in np.meshgrid(np.arange(n), np.arange(n)))
    areas = np.full(n * n, spacing**2)
    cells = periodic_cells(x, y, side, areas)
    square = 0.5 * spacing / np.maximum(np.abs(np.cos(ANGLES)), np.abs(np.sin(ANGLES)))
    ratio = cells.boundary_m / square[None, :]
    assert np.allclose(ratio, ratio[0, 0], rtol=1e-12)  # the square's shape, every channel
    assert ratio[0, 0] == pytest.approx(1.0, abs=0.01)  # 32 rays: polar area within 2 %
    assert np.allclose(np.pi * np.mean(cells.boundary_m**2, axis=1), areas, rtol=1e-12)


def test_field_cells_equal_the_periodic_cells_inside_a_tiled_field():
    """A random patch tiled 5 x 5: the central copy's channels, traced among the field's
    neighbours, have the periodic patch's cells."""
    rng = np.random.default_rng(4)
    side, n = 1e-3, 12
    x, y = rng.uniform(0, side, n), rng.uniform(0, side, n)
    areas = periodic_voronoi_areas(x, y, side)
    shifts = [(i, j) for i in range(-2, 3) for j in range(-2, 3)]
    fx = np.concatenate([x + i * side for i, j in shifts])
    fy = np.concatenate([y + j * side for i, j in shifts])
    centre = shifts.index((0, 0)) * n + np.arange(n)
    field = field_cells(fx, fy, centre, areas, side / np.sqrt(n))
    patch = periodic_cells(x, y, side, areas)
    assert field.traced is None
    assert np.allclose(field.boundary_m, patch.boundary_m, rtol=1e-9)


def test_field_cells_trace_an_even_subsample_of_a_large_window():
    rng = np.random.default_rng(5)
    x, y = rng.uniform(0, 1e-2, 3000), rng.uniform(0, 1e-2, 3000)
    of = np.arange(0, 3000, 2)
    cells = field_cells(x, y, of, np.full(of.size, 1e-4 / 3000), 1e-2 / np.sqrt(3000), counted=100)
    assert cells.boundary_m.shape == (cells.traced.size, RAYS) and 90 <= cells.traced.size <= 100
    assert cells.pooled(np.arange(50)).size == RAYS * np.isin(cells.traced, np.arange(50)).sum()
    assert cells.pooled(np.array([1])).size == cells.boundary_m.size  # none traced: all of them


def test_rays_inside_the_mouth_end_at_it_and_the_cell_keeps_its_area():
    rng = np.random.default_rng(6)
    edge = rng.uniform(20e-6, 200e-6, 400)
    out = rays_outside_mouth(edge, 60e-6)
    assert out.min() == pytest.approx(60e-6)
    assert np.mean(out**2) == pytest.approx(np.mean(edge**2), rel=1e-12)
    assert np.allclose(rays_outside_mouth(edge, 10e-6), edge)  # all outside: unchanged
    assert np.allclose(rays_outside_mouth(edge, 500e-6), 500e-6)  # the mouth fills the cell


def test_a_discs_rays_give_the_plain_rings():
    faces = np.linspace(0, 1e-3, 21)
    layer = np.zeros(20, dtype=int)
    disc = unit_cell_mesh(faces, layer, 300e-6, 40e-6, 500e-6, 1.0)
    rays = unit_cell_mesh(faces, layer, 1.0, 40e-6, 500e-6, 1.0, boundary_m=np.full(64, 300e-6))
    assert np.allclose(rays.column_area, disc.column_area, rtol=1e-12)
    for a, b in zip(rays.lateral, disc.lateral, strict=True):
        assert np.allclose(a, b, rtol=1e-12)
    assert np.allclose(rays.channel_fraction, disc.channel_fraction)


@pytest.mark.slow
def test_owned_cells_bring_a_clustered_field_to_the_3d_patch(default_run, params):
    """Three clusters of three channels (mouths 50 um, within 60 um of the cluster's centre,
    300 per cm2): discs of the owned areas deliver 20-30 % more than the 3D patch, the rings
    shaped by the owned cells within 5 % (caffeine, infinite dose)."""
    skin, _ = default_run
    rng = np.random.default_rng(3)
    count, density = 9, 300e4
    side = np.sqrt(count / density)
    centre = rng.uniform(0, side, (2, 3))
    angle = rng.uniform(0, 2 * np.pi, (3, 3))
    x = (centre[0][:, None] + 60e-6 * np.cos(angle)).ravel() % side
    y = (centre[1][:, None] + 60e-6 * np.sin(angle)).ravel() % side
    depth = 600e-6 * (1 + 0.05 * rng.standard_normal(count))
    patch = PatchChannels(x, y, np.full(count, 50e-6), depth, np.full(count, np.inf), side)
    active = load_active("caffeine", params)
    setup = make_setup(skin, active, default_formulation(active, params).with_(dose_volume_m3_per_m2=None),
                       params, deepest_channel_m=depth.max())
    areas = periodic_voronoi_areas(x, y, side)
    shares = open_share(x, y, patch.mouth_radius_m, depth, setup.taper, side_m=side)

    def dermis(solution):
        entered = solution.entered_below(skin.dej_depth_m)
        return np.array([entered[np.argmin(np.abs(solution.times_s - h * HOUR_S))] for h in (1, 6, 24)])

    def reduced(owned):
        classes = channel_classes(depth, patch.mouth_radius_m, patch.half_life_s, 3, area_m2=areas,
                                  open_share=shares, owned=owned)
        return dermis(reduced_solution(setup, classes, density))

    reference = dermis(patch_solution(setup, patch, cells=48))
    shaped = reduced(periodic_cells(x, y, side, areas)) / reference - 1
    discs = reduced(None) / reference - 1
    assert np.all(np.abs(shaped) < 0.05), shaped
    assert np.all(discs > 0.15), discs  # the case tells the two apart
