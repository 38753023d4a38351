"""From skin, channels, active and formulation to transport problems, solved at either
resolution: the reduced unit cells (one per channel class) or the 3D periodic patch."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from needlesim.constants import HOUR_S, MM_M
from needlesim.parameters import ParameterSet
from needlesim.skin import Skin
from needlesim.transport.batched_loop import integrate_batch
from needlesim.transport.geometry.depth_grid import depth_faces, domain_depth
from needlesim.transport.geometry.overlaps import OpenShare
from needlesim.transport.geometry.owned_cells import OwnedCells
from needlesim.transport.geometry.patch import PatchChannels, patch_mesh
from needlesim.transport.geometry.unitcell import unit_cell_mesh
from needlesim.transport.physics.film import NO_FILM, Film, film_of
from needlesim.transport.physics.formulation import Formulation, channel_diffusivity
from needlesim.transport.physics.medium import Medium, build_medium
from needlesim.transport.physics.molecules import Active
from needlesim.transport.problem import Donor, Problem
from needlesim.transport.solution import AMOUNT_FIELDS, Solution
from needlesim.transport.timeloop import integrate

INTACT_COLUMN_M2 = 1e-6  # top area of the one-column intact skin (1 mm2)


@dataclass(frozen=True)
class ChannelClass:
    mouth_radius_m: float
    depth_m: float
    half_life_s: float
    weight: float  # share of the channels in this class
    late_half_life_s: float | None = None
    area_m2: float | None = None  # mean skin area a channel of this class owns
    open_share: tuple[np.ndarray, np.ndarray] | None = None  # (depths [m], share of the
    # cross-section the class's channels own there; geometry/overlaps.py)
    boundary_m: np.ndarray | None = None  # distances to the edges of the class's owned
    # cells along rays, pooled (geometry/owned_cells.py); None: discs of the owned area


@dataclass(frozen=True)
class Setup:
    """Everything that does not depend on where the channels are."""

    skin: Skin
    active: Active
    medium: Medium
    formulation: Formulation
    channel_diffusivity: float
    z_faces: np.ndarray
    layer: np.ndarray
    taper: float
    t_end_s: float
    dt_first_s: float
    dt_max_s: float
    stops_s: tuple = (HOUR_S, 6 * HOUR_S, 24 * HOUR_S)
    film: Film = NO_FILM

    def problem(self, mesh, half_life_s: np.ndarray, late_half_life_s: np.ndarray | None = None,
                switch_s: float = 0.0) -> Problem:
        f = self.formulation
        return Problem(
            mesh=mesh,
            layer_diffusivity=self.medium.diffusivity,
            layer_partition=self.medium.partition,
            layer_loss=self.medium.clearance,
            degradation_per_s=self.medium.degradation,
            channel_diffusivity=self.channel_diffusivity,
            channel_half_life_s=np.asarray(half_life_s, dtype=float),
            channel_offset_s=f.application_s,
            donor=Donor(f.concentration_kg_m3, f.dose_volume_m3_per_m2, f.contact_s,
                        self.medium.degradation, self.film, f.rub_in),
            channel_late_half_life_s=(None if late_half_life_s is None
                                      else np.asarray(late_half_life_s, dtype=float)),
            channel_switch_s=switch_s,
        )

    def run(self, problem: Problem, rtol: float = 1e-11) -> Solution:
        return integrate(problem, self.t_end_s, self.dt_first_s, self.dt_max_s, self.stops_s, rtol)


def make_setup(skin: Skin, active: Active, formulation: Formulation, params: ParameterSet,
               deepest_channel_m: float = 0.0, refine: float = 1.0, t_end_s: float | None = None,
               dt_scale: float = 1.0) -> Setup:
    medium = build_medium(active, params)
    depth = domain_depth(skin, deepest_channel_m, params.get("hypodermis_extent"),
                         params.get("channel_bottom_margin"))
    z_faces, layer = depth_faces(skin, depth, refine)
    horizon = params.get("delivery_horizon", "s")
    return Setup(
        skin=skin, active=active, medium=medium, formulation=formulation,
        channel_diffusivity=channel_diffusivity(active, medium.free_diffusivity, formulation, params),
        z_faces=z_faces, layer=layer, taper=params.get("channel_taper_exponent"),
        t_end_s=t_end_s or horizon,
        dt_first_s=params.get("channel_time_step_first", "s") * dt_scale,
        dt_max_s=params.get("channel_time_step_max", "s") * dt_scale,
        film=film_of(active.solubility_kg_m3, formulation.vehicle, formulation.occluded, params),
    )


def _geomean(values: np.ndarray) -> float:
    return float(np.exp(np.mean(np.log(values))))


def channel_classes(depth_m: np.ndarray, mouth_radius_m: np.ndarray, half_life_s: np.ndarray,
                    count: int = 3, late_half_life_s: np.ndarray | None = None,
                    area_m2: np.ndarray | None = None, area_groups: int = 2,
                    open_share: OpenShare | None = None,
                    owned: OwnedCells | None = None) -> list[ChannelClass]:
    """Group channels into ``count`` depth classes (quantiles), each split into
    ``area_groups`` by the area the channels own, with their mean properties:
    rms mouth radius (same open area), mean depth, geometric-mean half-lives, mean area,
    mean open share against depth (``open_share`` holds one column per channel), the
    pooled rays of their owned cells."""
    if depth_m.size == 0:
        return []
    order = np.argsort(depth_m)
    groups = [g for g in np.array_split(order, min(count, depth_m.size)) if g.size]
    if area_m2 is not None:
        groups = [s for g in groups for s in np.array_split(g[np.argsort(area_m2[g])],
                                                            min(area_groups, g.size)) if s.size]
    return [
        ChannelClass(
            mouth_radius_m=float(np.sqrt(np.mean(mouth_radius_m[g] ** 2))),
            depth_m=float(depth_m[g].mean()),
            half_life_s=_geomean(half_life_s[g]),
            weight=g.size / depth_m.size,
            late_half_life_s=None if late_half_life_s is None else _geomean(late_half_life_s[g]),
            area_m2=None if area_m2 is None else float(area_m2[g].mean()),
            open_share=None if open_share is None else (open_share.depth_m, open_share.mean(g)),
            boundary_m=None if owned is None else owned.pooled(g),
        )
        for g in groups
    ]


def combine(solutions: list[Solution], weights: list[float]) -> Solution:
    """Per-area weighted sum of unit-cell solutions (a Solution for 1 m2 of skin)."""
    first = solutions[0]
    summed = {name: sum(w * getattr(s, name) / s.area_m2 for s, w in zip(solutions, weights, strict=False))
              for name in AMOUNT_FIELDS}
    dose = sum(w * s.dose_kg / s.area_m2 for s, w in zip(solutions, weights, strict=False))
    return replace(first, area_m2=1.0, dose_kg=dose, **summed)


def class_problems(setup: Setup, classes: list[ChannelClass], density_per_m2: float,
                    refine: float, switch_s: float) -> tuple[list[Problem], list[float]]:
    mean_area = 1.0 / density_per_m2
    problems, weights = [], []
    for c in classes:
        area = c.area_m2 or mean_area
        cell_radius = np.sqrt(area / np.pi)
        weights.append(c.weight * area / mean_area)  # per-area results add by owned area
        mesh = unit_cell_mesh(setup.z_faces, setup.layer, cell_radius, c.mouth_radius_m,
                              c.depth_m, setup.taper, refine, c.open_share, c.boundary_m)
        late = None if c.late_half_life_s is None else np.array([c.late_half_life_s])
        problems.append(setup.problem(mesh, np.array([c.half_life_s]), late, switch_s))
    total = sum(weights)
    return problems, [w / total for w in weights]


def intact_problem(setup: Setup, rings_like: Problem | None = None) -> Problem:
    """Intact skin: one column, or (to join a batch) a unit cell without a channel with the
    rings of ``rings_like``; it is laterally uniform, so per area both give the same answer."""
    if rings_like is not None:
        mesh = rings_like.mesh
        mesh = replace(mesh, channel_fraction=np.zeros_like(mesh.channel_fraction),
                       channel_of_column=-np.ones(mesh.ncol, dtype=int))
        return setup.problem(mesh, np.array([]))
    mesh = unit_cell_mesh(setup.z_faces, setup.layer, MM_M, 0.0, 0.0, setup.taper)
    mesh = replace(mesh, column_area=mesh.column_area[:1] * 0 + INTACT_COLUMN_M2,
                   lateral=tuple(a[:0] for a in mesh.lateral),
                   channel_fraction=mesh.channel_fraction[:1], channel_of_column=mesh.channel_of_column[:1])
    return setup.problem(mesh, np.array([]))


FREEZE_STEPS = 8  # the pipeline's matrices: one per 8 steps of the largest size (4 h)


def _run_batch(setup: Setup, problems: list[Problem], freeze: int = 1) -> list[Solution]:
    return integrate_batch(problems, setup.t_end_s, setup.dt_first_s, setup.dt_max_s, setup.stops_s,
                           freeze=freeze)


def reduced_solution(setup: Setup, classes: list[ChannelClass], density_per_m2: float,
                     refine: float = 1.0, switch_s: float = 0.0) -> Solution:
    """Unit cell per channel class; no classes (or no density) gives intact skin."""
    if not classes or density_per_m2 <= 0:
        return intact_solution(setup)
    problems, weights = class_problems(setup, classes, density_per_m2, refine, switch_s)
    return combine(_run_batch(setup, problems), weights)


def reduced_and_intact(setup: Setup, classes: list[ChannelClass], density_per_m2: float,
                       refine: float = 1.0, switch_s: float = 0.0,
                       freeze: int = FREEZE_STEPS) -> tuple[Solution, Solution]:
    """Needled (as reduced_solution) and intact skin (as intact_solution), all unit cells in
    one batched time loop (transport/batched_loop.py); with ``freeze`` = 1 equal to the
    separate runs to round-off; with the default the closure's open share is averaged over
    runs of FREEZE_STEPS half-hour steps (one factorisation per 4 h; within 0.1 % on the
    dermis amount at 1, 6, 24 h, tests/transport/test_batched.py)."""
    if not classes or density_per_m2 <= 0:
        intact = intact_solution(setup)
        return intact, intact
    problems, weights = class_problems(setup, classes, density_per_m2, refine, switch_s)
    solutions = _run_batch(setup, problems + [intact_problem(setup, problems[0])], freeze)
    return combine(solutions[:-1], weights), solutions[-1].for_area(INTACT_COLUMN_M2)


def intact_solution(setup: Setup) -> Solution:
    return setup.run(intact_problem(setup))


def patch_solution(setup: Setup, channels: PatchChannels, cells: int, rtol: float = 1e-10,
                   switch_s: float = 0.0) -> Solution:
    mesh = patch_mesh(setup.z_faces, setup.layer, channels, cells, setup.taper)
    return setup.run(setup.problem(mesh, channels.half_life_s, channels.late_half_life_s,
                                   switch_s), rtol)
