"""The compiled PCG of the 3D patch (solvers/fastpatch.py) against the assembled sparse
matrix (fv_matrix.laplacian) and its direct solve: the same operator, and the same answer
to the solver's tolerance whatever the starting guess (extrapolated, projected)."""

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from needlesim.transport.geometry.patch import PatchChannels, patch_mesh
from needlesim.transport.problem import Donor, Problem
from needlesim.transport.solvers import patch_kernels
from needlesim.transport.solvers.fastpatch import PRECONDITIONERS, PatchSolver, _depth_first
from needlesim.transport.solvers.fv_matrix import conductances, laplacian
from needlesim.transport.solvers.projection import Projection

SIDE = 5e-4


def small_patch(cells: int) -> Problem:
    """The benchmark's skin in small: stratum corneum, epidermis, dermis to 0.4 mm (a
    thousandfold contrast at the surface), three channels through it."""
    faces = np.concatenate([[0, 15e-6], 15e-6 + 20e-6 * np.arange(1, 5), np.linspace(95e-6, 4e-4, 13)[1:]])
    layer = np.where(faces[1:] <= 15e-6 + 1e-12, 0, np.where(faces[1:] <= 95e-6 + 1e-12, 1, 2))
    channels = PatchChannels(np.array([0.6e-4, 2.2e-4, 4.1e-4]), np.array([1.1e-4, 3.9e-4, 2.0e-4]),
                             np.full(3, 40e-6), np.array([150e-6, 250e-6, 320e-6]), np.full(3, np.inf),
                             SIDE)
    mesh = patch_mesh(faces, layer, channels, cells, taper=0.0)
    return Problem(mesh=mesh, layer_diffusivity=np.array([1e-13, 1e-10, 3e-10]),
                   layer_partition=np.array([2.0, 1.0, 0.8]), layer_loss=np.array([0.0, 0.0, 1e-4]),
                   degradation_per_s=1e-6, channel_diffusivity=5e-10,
                   channel_half_life_s=np.full(3, np.inf), channel_offset_s=0.0, donor=Donor(1.0, None))


def matrix(problem: Problem, dt: float,
           preconditioner: str | None = None) -> tuple[PatchSolver, sp.csr_matrix]:
    mesh = problem.mesh
    capacity = problem.capacity()
    clear, degrade = problem.loss_rates()
    loss = capacity * (clear[None, :] + degrade)
    g = conductances(mesh, problem.conductivity(np.ones(mesh.channel_count)), True)
    solver = PatchSolver(mesh, capacity, loss, rtol=1e-11, preconditioner=preconditioner)
    solver.set_faces(g)
    a = laplacian(mesh, g, donor_coupled=False) + sp.diags((capacity / dt + loss).ravel())
    return solver, a.tocsr()


@pytest.mark.parametrize("cells", [2, 3, 8])
def test_stencil_is_the_assembled_matrix(cells):
    """Periodic wrap included: the kernels take the first and last cell of a row apart."""
    problem = small_patch(cells)
    solver, a = matrix(problem, 60.0)
    x = np.random.default_rng(cells).random((problem.mesh.ncol, problem.mesh.nz))
    main = solver._factors(60.0)[0]
    xd = _depth_first(x, cells, cells)
    y = np.empty_like(xd)
    patch_kernels.matvec(main, solver.gv, solver.gx, solver.gy, xd, y)
    expected = _depth_first((a @ x.ravel()).reshape(x.shape), cells, cells)
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())
    r = np.empty_like(xd)
    patch_kernels.residual(main, solver.gv, solver.gx, solver.gy, xd, expected, r)
    assert np.abs(r).max() <= 1e-12 * np.abs(expected).max()


@pytest.mark.parametrize("preconditioner", PRECONDITIONERS)
def test_steps_equal_the_direct_solve(preconditioner):
    """A run of steps of one size (the projected guesses in use) and of growing sizes (the
    extrapolated ones), each against the sparse LU of the same matrix."""
    problem = small_patch(10)
    shape = (problem.mesh.ncol, problem.mesh.nz)
    solver, _ = matrix(problem, 1.0, preconditioner)
    capacity = problem.capacity()
    u = np.zeros(shape)
    for dt in (1.0, 2.0, 4.0, 8.0, 600.0, 600.0, 600.0, 600.0, 600.0, 600.0, 600.0, 300.0):
        rhs = capacity / dt * u
        rhs[:, 0] += solver.top * 1.0  # the donor held at 1
        new, value = solver.step(dt, rhs, u, None)
        _, a = matrix(problem, dt)
        exact = spla.spsolve(a.tocsc(), rhs.ravel()).reshape(shape)
        assert value is None
        assert np.abs(new - exact).max() <= 1e-9 * np.abs(exact).max()
        u = exact


def test_projection_recovers_a_solution_in_its_span():
    rng = np.random.default_rng(0)
    m = rng.random((40, 40))
    a = m @ m.T + 40 * np.eye(40)
    projection = Projection(size=3)
    xs = rng.random((3, 40))
    for x in xs:
        projection.add(x, a @ x)
    kept = projection.x[: projection.count]
    np.testing.assert_allclose(kept @ a @ kept.T, np.eye(3), atol=1e-12)
    target = xs.T @ np.array([0.3, -1.2, 2.0])
    x = np.zeros(40)
    r = a @ target
    projection.improve(x, r)
    np.testing.assert_allclose(x, target, rtol=1e-10)
    assert np.abs(r).max() < 1e-10 * np.abs(a @ target).max()
    projection.add(target, a @ target)  # full: starts again from the last two
    assert projection.count == 2
    shift = rng.random(40)  # a new time step: A's diagonal changes, the space is kept
    projection.shift(shift)
    a = a + np.diag(shift)
    kept = projection.x[: projection.count]
    np.testing.assert_allclose(kept @ a @ kept.T, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(projection.ax[:2], kept @ a, rtol=1e-12, atol=1e-12)
    x, r = np.zeros(40), a @ target  # target is still in the space: recovered exactly
    projection.improve(x, r)
    np.testing.assert_allclose(x, target, rtol=1e-10)
