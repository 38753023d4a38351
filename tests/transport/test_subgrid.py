"""The 3D patch's sub-grid channel model (transport/geometry/subgrid.py): spreading keeps
each channel's volume, the fitted factor makes a coarse grid deliver what the refined
axisymmetric solution of the same channel delivers, wherever the channel sits in its cell,
and the model refuses grids outside its fitted range."""

import numpy as np
import pytest

from needlesim.transport.geometry.patch import PatchChannels, patch_mesh
from needlesim.transport.geometry.subgrid import BENCHMARK_FACTORS, SubgridChannels
from needlesim.transport.geometry.unitcell import unit_cell_mesh
from needlesim.transport.problem import Donor, Problem
from needlesim.transport.timeloop import integrate

RADIUS = 25e-6
DEPTH = 600e-6
HOUR = 3600.0


def accurate_depth():
    """The transport benchmark's "accurate" depth grid, to 1.6 mm (the factors' grid)."""
    faces = np.concatenate([5e-6 * np.arange(0, 4), 15e-6 + 5e-6 * np.arange(1, 17),
                            95e-6 + 10e-6 * np.arange(1, 11), 195e-6 + 20e-6 * np.arange(1, 6),
                            295e-6 + 50e-6 * np.arange(1, 17), np.linspace(1.095e-3, 1.6e-3, 13)[1:]])
    layer = np.where(faces[1:] <= 15e-6 + 1e-12, 0, np.where(faces[1:] <= 95e-6 + 1e-12, 1, 2))
    return faces, layer


def problem(mesh) -> Problem:
    """The benchmark's layers and channel (the problem the factors were fitted on)."""
    return Problem(mesh=mesh, layer_diffusivity=np.array([1e-13, 1e-10, 3e-10]), layer_partition=np.ones(3),
                   layer_loss=np.zeros(3), degradation_per_s=0.0, channel_diffusivity=5e-10,
                   channel_half_life_s=np.full(mesh.channel_count, np.inf), channel_offset_s=0.0,
                   donor=Donor(1.0, None))


def delivered_1h(mesh) -> float:
    """Amount below the epidermis (95 um) at 1 h per area [kg/m2]."""
    solution = integrate(problem(mesh), HOUR, 1.0, 1800.0, rtol=1e-9)
    return float(solution.entered_below(95e-6)[-1])


def one_channel(cells: int, dx: float, where: tuple[float, float], model) -> object:
    faces, layer = accurate_depth()
    side = cells * dx
    x, y = (cells // 2 + where[0]) * dx, (cells // 2 + where[1]) * dx
    channels = PatchChannels(np.array([x]), np.array([y]), np.array([RADIUS]), np.array([DEPTH]),
                             np.array([np.inf]), side)
    return patch_mesh(faces, layer, channels, cells, taper=0.0, subgrid=model)


@pytest.mark.parametrize("where", [(0.5, 0.5), (0.0, 0.0), (0.3, 0.8)])
def test_spreading_keeps_the_channel_volume(where):
    mesh = one_channel(9, 80e-6, where, SubgridChannels())
    volume = float((mesh.channel_fraction * mesh.volume).sum())
    assert volume == pytest.approx(np.pi * RADIUS**2 * DEPTH, rel=0.03)
    # and the conducting share is the volume share times the fitted factor
    factor = SubgridChannels().conductance_factor(80e-6, RADIUS)
    assert np.allclose(mesh.channel_conductance_share, factor * mesh.channel_fraction)


def test_coarse_grid_with_the_model_delivers_the_refined_answer():
    """80 um cells (3.2 mouth radii): the refined answer is the same channel's axisymmetric
    cell of equal area, 24 rings across the mouth, same depth grid. Plain volume shares
    are off by far more and depend on the channel's place in its cell."""
    cells, dx = 9, 80e-6
    faces, layer = accurate_depth()
    refined = delivered_1h(unit_cell_mesh(faces, layer, cells * dx / np.sqrt(np.pi), RADIUS, DEPTH, 0.0,
                                          refine=8))
    places = [(0.5, 0.5), (0.0, 0.0), (0.3, 0.8)]
    model = np.array([delivered_1h(one_channel(cells, dx, w, SubgridChannels())) for w in places])
    plain = np.array([delivered_1h(one_channel(cells, dx, w, None)) for w in places])
    assert abs(model.mean() / refined - 1) < 0.015  # -0.3 % (cell centre, corner, between)
    assert np.ptp(model) / refined < 0.05  # 3.8 %
    assert np.ptp(plain) / refined > 0.2  # 43 %: the corner's four columns against one
    assert abs(plain.mean() / refined - 1) > 0.05  # +12 %


def test_factor_is_the_fitted_table_and_refuses_outside_it():
    model = SubgridChannels()
    for ratio, factor in BENCHMARK_FACTORS:
        assert model.conductance_factor(ratio * RADIUS, RADIUS) == pytest.approx(factor)
    with pytest.raises(ValueError, match="outside the fitted range"):
        model.conductance_factor(10 * RADIUS, RADIUS)
    with pytest.raises(ValueError, match="outside the fitted range"):
        model.conductance_factor(0.2 * RADIUS, RADIUS)
