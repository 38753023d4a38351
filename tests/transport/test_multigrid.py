"""The patch's geometric multigrid V-cycle (solvers/multigrid.py) as a CG preconditioner:
symmetric (so CG applies), and CG with it reaches the direct solve of the assembled matrix."""

import numpy as np
import pytest
import scipy.sparse.linalg as spla
from test_patch_solver import matrix, small_patch

from needlesim.transport.solvers.fastpatch import _depth_first, choose_preconditioner
from needlesim.transport.solvers.multigrid import Hierarchy, VCycle


def _operator(cells: int, dt: float):
    problem = small_patch(cells)
    solver, a = matrix(problem, dt)
    main = solver._factors(dt)[0]
    return problem.mesh, a, VCycle(Hierarchy(solver.gv, solver.gx, solver.gy, np.float64), main)


@pytest.mark.parametrize("cells", [6, 7, 12])
def test_vcycle_is_symmetric(cells):
    """x^T M y == y^T M x to round-off, odd grids (a triple aggregate, a checkerboard broken
    across the wrap) included."""
    mesh, _, cycle = _operator(cells, 600.0)
    rng = np.random.default_rng(cells)
    shape = (mesh.nz, cells, cells)
    x, y = rng.standard_normal(shape), rng.standard_normal(shape)
    mx, my = np.empty(shape), np.empty(shape)
    cycle.apply(x, mx)
    cycle.apply(y, my)
    assert abs(np.vdot(y, mx) - np.vdot(x, my)) <= 1e-12 * abs(np.vdot(x, my))
    assert np.vdot(x, mx) > 0.0


@pytest.mark.parametrize("cells, dt", [(8, 60.0), (9, 1800.0), (16, 1800.0)])
def test_vcycle_cg_reaches_the_direct_solve(cells, dt):
    mesh, a, cycle = _operator(cells, dt)
    b = np.random.default_rng(3).random(a.shape[0])
    exact = spla.spsolve(a.tocsc(), b)
    nx = ny = cells

    def precondition(r):
        out = np.empty((mesh.nz, nx, ny))
        cycle.apply(_depth_first(r.reshape(mesh.ncol, mesh.nz), nx, ny), out)
        return out.transpose(1, 2, 0).ravel()  # back to the column-major (ncol, nz) order

    counted = []
    x, info = spla.cg(a, b, rtol=1e-10, M=spla.LinearOperator(a.shape, precondition),
                      callback=lambda _: counted.append(1))
    assert info == 0
    np.testing.assert_allclose(x, exact, rtol=1e-7, atol=1e-8 * np.abs(exact).max())
    plain = []
    spla.cg(a, b, rtol=1e-10, callback=lambda _: plain.append(1))
    assert len(counted) < len(plain) / 3  # it preconditions: far fewer iterations


def test_auto_takes_the_vcycle_on_fine_lateral_grids():
    assert choose_preconditioner(100, 100, "auto") == "multigrid"
    assert choose_preconditioner(50, 50, "auto") == "lines_fft"
    assert choose_preconditioner(50, 50, "multigrid") == "multigrid"
    with pytest.raises(ValueError):
        choose_preconditioner(50, 50, "jacobi")
