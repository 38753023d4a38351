import numpy as np
import pytest

from needlesim.parameters import default_parameters
from needlesim.prepare import run_session
from needlesim.scenario import default_scenario, session_plan
from needlesim.skin import build_skin
from needlesim.transport.geometry.column_mesh import ColumnMesh
from needlesim.transport.problem import Donor, Problem


@pytest.fixture(scope="session")
def params():
    return default_parameters()


@pytest.fixture(scope="session")
def default_run(params):
    scenario = default_scenario()
    skin = build_skin(scenario.patient, params)
    session = session_plan(scenario.protocol)[0]
    return skin, run_session(session, skin, scenario.seed, params)


def slab_problem(thickness, diffusivity, partition, cells_per_layer, donor, loss=None,
                 degradation=0.0, bottom_sink=True):
    """A 1-column layered membrane (no channels)."""
    faces, layer, top = [0.0], [], 0.0
    for index, (h, n) in enumerate(zip(thickness, cells_per_layer, strict=False)):
        faces.extend(np.linspace(top, top + h, n + 1)[1:])
        layer.extend([index] * n)
        top += h
    layer = np.asarray(layer)
    mesh = ColumnMesh(
        z_faces=np.asarray(faces), layer=layer, column_area=np.array([1e-6]),
        lateral=tuple(np.zeros(0, dtype=int if i < 2 else float) for i in range(5)),
        channel_fraction=np.zeros((1, layer.size)), channel_of_column=-np.ones(1, dtype=int),
    )
    return Problem(
        mesh=mesh, layer_diffusivity=np.asarray(diffusivity, float),
        layer_partition=np.asarray(partition, float),
        layer_loss=np.zeros(len(thickness)) if loss is None else np.asarray(loss, float),
        degradation_per_s=degradation, channel_diffusivity=0.0,
        channel_half_life_s=np.zeros(0), channel_offset_s=0.0, donor=donor,
        bottom_sink=bottom_sink,
    )


@pytest.fixture
def make_slab():
    return slab_problem


@pytest.fixture
def finite_donor():
    return Donor(concentration_kg_m3=10.0, volume_m3_per_m2=5e-8, degradation_per_s=1e-5)


@pytest.fixture
def infinite_donor():
    return Donor(concentration_kg_m3=1.0, volume_m3_per_m2=None)
