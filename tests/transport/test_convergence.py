"""Observed order of convergence in space and time, and a single channel in the limit of an
infinitely permeable channel (compared with the analytic solution it tends to)."""

import numpy as np

from needlesim.constants import HOUR_S
from needlesim.transport.geometry.unitcell import unit_cell_mesh
from needlesim.transport.problem import Donor, Problem
from needlesim.transport.timeloop import integrate

THICKNESS = (15e-6, 60e-6, 200e-6)
DIFFUSIVITY = (2e-13, 1e-10, 3e-10)
PARTITION = (5.0, 0.7, 0.7)
INFINITE = Donor(concentration_kg_m3=1.0, volume_m3_per_m2=None)


def out_through_sink(problem, t_end, dt):
    solution = integrate(problem, t_end, dt_first=dt, dt_max=dt)
    return solution.sink_kg[-1] / solution.area_m2, solution


def observed_order(coarse, medium, fine, ratio=2.0):
    return float(np.log(abs(coarse - medium) / abs(medium - fine)) / np.log(ratio))


def slab_sink_analytic(h, d, t, terms=400):
    """Amount through the sink of a slab, donor 1 held at z = 0 from t = 0 (Crank 4.24a)."""
    n = np.arange(1, terms + 1)
    series = np.sum((-1.0) ** n / n**2 * np.exp(-d * n**2 * np.pi**2 * t / h**2))
    return d * t / h - h / 6 - 2 * h / np.pi**2 * series


def slab_entry_analytic(h, d, t, terms=400):
    """Amount that entered a slab through its face z = 0 (held at 1), sink at z = h."""
    n = np.arange(1, terms + 1)
    series = np.sum(1.0 / n**2 * np.exp(-d * n**2 * np.pi**2 * t / h**2))
    return d * t / h + h / 3 - 2 * h / np.pi**2 * series


def test_second_order_in_space_layered_membrane(make_slab):
    """Cells per layer doubled three times, same small steps: observed order about 2
    (cell-centred finite volumes, interfaces on faces, harmonic means)."""
    t_end = 3000.0  # before steady state: the transient is tested too
    values = []
    for level in range(3):
        cells = tuple(n * 2**level for n in (2, 4, 8))
        problem = make_slab(THICKNESS, DIFFUSIVITY, PARTITION, cells, INFINITE)
        values.append(out_through_sink(problem, t_end, 2.0)[0])
    order = observed_order(*values)
    assert 1.8 < order < 2.3, (order, values)


def test_second_order_in_space_against_the_analytic_slab(make_slab):
    h, d, t_end = 100e-6, 1e-10, 40.0  # t = 0.4 h^2 / D: well inside the transient
    exact = slab_sink_analytic(h, d, t_end)
    errors = []
    for cells in (10, 20, 40):
        problem = make_slab((h,), (d,), (1.0,), (cells,), INFINITE)
        errors.append(abs(out_through_sink(problem, t_end, 0.005)[0] - exact) / exact)
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all((orders > 1.8) & (orders < 2.3)), (orders, errors)
    assert errors[-1] < 2e-3


def test_first_order_in_time_backward_euler(make_slab):
    """Equal steps halved twice on a fixed grid, in the transient (about two lag times):
    observed order about 1."""
    problem = make_slab(THICKNESS, DIFFUSIVITY, PARTITION, (4, 8, 16), INFINITE)
    values = [out_through_sink(problem, 600.0, dt)[0] for dt in (30.0, 15.0, 7.5)]
    order = observed_order(*values)
    assert 0.9 < order < 1.1, (order, values)


def channel_problem(mouth_m, cell_m, channel_depth_m, channel_d, nz_per_100um=10, rings=1.0):
    """Unit cell: tissue D = 3e-10 to 1.1 mm, a cylindrical channel (taper 0) of depth L."""
    depth = 1.1e-3
    faces = np.linspace(0.0, depth, int(round(depth / 100e-6 * nz_per_100um)) + 1)
    layer = np.zeros(faces.size - 1, dtype=int)
    mesh = unit_cell_mesh(faces, layer, cell_m, mouth_m, channel_depth_m, taper=0.0, refine=rings)
    return Problem(mesh=mesh, layer_diffusivity=np.array([3e-10]), layer_partition=np.ones(1),
                   layer_loss=np.zeros(1), degradation_per_s=0.0, channel_diffusivity=channel_d,
                   channel_half_life_s=np.array([np.inf]), channel_offset_s=0.0, donor=INFINITE)


def test_infinitely_permeable_channel_over_the_whole_cell_is_a_donor_at_its_depth():
    """A channel filling its unit cell with D -> infinity holds the donor concentration down
    to its tip, so below it the skin is a slab with the donor at depth L (analytic)."""
    depth_l, h, d = 100e-6, 1.0e-3, 3e-10
    problem = channel_problem(60e-6, 60e-6, depth_l, 1e-4, nz_per_100um=20)
    solution = integrate(problem, HOUR_S, dt_first=0.05, dt_max=2.0)
    t = solution.times_s
    for hours in (0.25, 0.5, 1.0):
        i = int(np.argmin(np.abs(t - hours * HOUR_S)))
        entered = solution.entered_below(depth_l)[i]
        exact = slab_entry_analytic(h, d, t[i])
        assert abs(entered / exact - 1) < 5e-3, (hours, entered, exact)
    sink = solution.sink_kg[-1] / solution.area_m2
    assert abs(sink / slab_sink_analytic(h, d, t[-1]) - 1) < 2e-2


def test_thin_channel_tends_to_its_infinitely_permeable_limit():
    """A thin channel in a wider cell: as the channel diffusivity grows tenfold, delivery
    converges: the changes shrink (towards tenfold per decade) to a limit."""
    delivered = []
    for channel_d in (1e-8, 1e-7, 1e-6, 1e-5, 1e-4):
        problem = channel_problem(25e-6, 200e-6, 500e-6, channel_d)
        solution = integrate(problem, HOUR_S, dt_first=1.0, dt_max=120.0)
        delivered.append(solution.entered_below(100e-6)[-1])
    changes = np.abs(np.diff(delivered)) / delivered[-1]
    assert np.all(np.diff(changes) < 0) and changes[-1] < 1e-3, changes
    assert changes[-1] < changes[-2] / 5, changes
    assert np.all(np.diff(delivered) > 0)  # more permeable channels deliver more
