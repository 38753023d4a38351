"""Accuracy study: the reduced unit-cell model against the 3D reference patch.

For each field (a periodic patch of about 16 pierced channels cut from a session's real
puncture field, or a Poisson field of 16 channels) and each active, the dermal amount at
1, 6 and 24 h from the reduced model as the pipeline runs it (3 depth classes x 2 area
groups, channel overlaps shared out against depth: transport/geometry/overlaps.py, rings
shaped by the owned cells: transport/geometry/owned_cells.py), from the same model with
discs of the owned area, from discs without the overlap sharing, and from the 3D patch (lateral
cells of at most 20 um and at most 0.4 mouth radii; infinite dose, so the compiled 3D
solver runs). The table feeds docs/transport.md, "Reduced against 3D".

    python benchmarks/reduced_vs_3d.py           # the documented range (several minutes)
    python benchmarks/reduced_vs_3d.py --quick   # three cases
    python benchmarks/reduced_vs_3d.py --refine  # also the 3D patch at 1.5x the cells

The last line is one JSON object: the largest |reduced / 3D - 1| at each time.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from needlesim.parameters import default_parameters
from needlesim.prepare import run_session
from needlesim.scenario import build_scenario, session_plan
from needlesim.skin import build_skin
from needlesim.transport import default_formulation, load_active
from needlesim.transport.delivery import session_channels
from needlesim.transport.geometry.areas import periodic_voronoi_areas
from needlesim.transport.geometry.overlaps import open_share
from needlesim.transport.geometry.owned_cells import periodic_cells
from needlesim.transport.geometry.patch import PatchChannels, patch_from_field
from needlesim.transport.resolutions import channel_classes, make_setup, patch_solution, reduced_solution

HOUR = 3600.0
HOURS = (1, 6, 24)
DEVICE_FIELDS = [  # device, needle length [mm], passes
    ("pen", 0.25, 4), ("pen", 0.5, 2), ("pen", 1.0, 4), ("pen", 1.5, 8),
    ("stamp", 1.0, 4), ("roller", 1.5, 15),
]
POISSON_FIELDS = [  # density [1/cm2], mouth radius [um], mean depth [um]
    (300, 50, 500), (1000, 50, 500), (3000, 50, 250), (1000, 100, 1000),
]
ACTIVES = ("ascorbic_acid", "lidocaine", "egf", "fitc_dextran_70kda")
QUICK = [("pen", 1.0, 4, "fitc_dextran_70kda"), ("poisson", 1000, 50, 500, "caffeine"),
         ("stamp", 1.0, 4, "ascorbic_acid")]


def device_field(params, device, length_mm, passes):
    scenario = build_scenario({
        "seed": 1, "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 1, "interval_days": 28, "device": device,
                     "needle_length_mm": length_mm, "passes": passes, "area_cm2": 4}}, params)
    skin = build_skin(scenario.patient, params)
    run = run_session(session_plan(scenario.protocol)[0], skin, 1, params)
    _, _, early, late, switch = session_channels(run.channels, run.closure)
    return skin, patch_from_field(run.channels, early, late, 16), switch


def poisson_field(skin, density_cm2, mouth_um, depth_um, seed=1, count=16):
    rng = np.random.default_rng(seed)
    side = np.sqrt(count / (density_cm2 * 1e4))
    depth = depth_um * 1e-6 * (1 + 0.1 * rng.standard_normal(count))
    return PatchChannels(rng.uniform(0, side, count), rng.uniform(0, side, count),
                         np.full(count, mouth_um * 1e-6), depth, np.full(count, 6 * HOUR), side)


def dermis(solution, skin):
    amounts = solution.entered_below(skin.dej_depth_m) * 1e5  # ug/cm2
    return np.array([amounts[np.argmin(np.abs(solution.times_s - h * HOUR))] for h in HOURS])


def compare(params, skin, patch, switch, active_name, refine=False):
    active = load_active(active_name, params)
    formulation = default_formulation(active, params).with_(dose_volume_m3_per_m2=None)
    setup = make_setup(skin, active, formulation, params, deepest_channel_m=patch.depth_m.max())
    side, density = patch.side_m, patch.count / patch.side_m**2
    areas = periodic_voronoi_areas(patch.x_m, patch.y_m, side)
    shares = open_share(patch.x_m, patch.y_m, patch.mouth_radius_m, patch.depth_m, setup.taper,
                        side_m=side)

    owned = periodic_cells(patch.x_m, patch.y_m, side, areas)

    def reduced(share, cells=owned):
        classes = channel_classes(patch.depth_m, patch.mouth_radius_m, patch.half_life_s, 3,
                                  patch.late_half_life_s, area_m2=areas, open_share=share,
                                  owned=cells)
        return dermis(reduced_solution(setup, classes, density, switch_s=switch), skin)

    dx = min(20e-6, 0.4 * float(np.median(patch.mouth_radius_m)))
    cells = int(np.ceil(side / dx))
    start = time.perf_counter()
    reference = dermis(patch_solution(setup, patch, cells, switch_s=switch), skin)
    row = {"active": active_name, "cells": cells, "dx_um": side / cells * 1e6,
           "reference": reference, "reduced": reduced(shares), "discs": reduced(shares, None),
           "no_sharing": reduced(None, None),
           "seconds_3d": time.perf_counter() - start,
           "open_share_mouth": float(shares.share[0].mean())}
    if refine:
        row["reference_fine"] = dermis(patch_solution(setup, patch, int(cells * 1.5), switch_s=switch), skin)
    return row


def cases(quick):
    params = default_parameters()
    if quick:
        for case in QUICK:
            yield from _case(params, case[:-1], (case[-1],))
        return
    for field in DEVICE_FIELDS:
        yield from _case(params, field, ACTIVES)
    for field in POISSON_FIELDS:
        yield from _case(params, ("poisson", *field), ACTIVES)


def _case(params, field, actives):
    if field[0] == "poisson":
        skin, _, _ = device_field(params, "pen", 1.0, 1)
        patch, switch = poisson_field(skin, *field[1:]), 0.0
        label = f"Poisson {field[1]}/cm2, a {field[2]} um, L {field[3]} um"
    else:
        skin, patch, switch = device_field(params, *field)
        label = f"{field[0]} {field[1]} mm x {field[2]}"
    for active in actives:
        yield label, patch, params, skin, switch, active


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--refine", action="store_true")
    args = parser.parse_args()
    worst = np.zeros(3)
    worst_discs = np.zeros(3)
    worst_before = np.zeros(3)
    print("| field | density /cm2 | mouth um | depth um | open share at surface | active | "
          "3D (ug/cm2 at 1, 6, 24 h) | reduced - 3D (%) | discs (%) | discs, without sharing (%) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, patch, params, skin, switch, active in cases(args.quick):
        row = compare(params, skin, patch, switch, active, args.refine)
        error = row["reduced"] / row["reference"] - 1
        discs = row["discs"] / row["reference"] - 1
        before = row["no_sharing"] / row["reference"] - 1
        worst = np.maximum(worst, np.abs(error))
        worst_discs = np.maximum(worst_discs, np.abs(discs))
        worst_before = np.maximum(worst_before, np.abs(before))
        fine = ""
        if "reference_fine" in row:
            change = (row["reference_fine"] / row["reference"] - 1) * 100
            fine = " (1.5x cells: " + ", ".join(f"{v:+.1f}" for v in change) + " %)"
        density = patch.count / patch.side_m**2 / 1e4
        print(f"| {label} | {density:.0f} | {np.median(patch.mouth_radius_m) * 1e6:.0f} | "
              f"{np.median(patch.depth_m) * 1e6:.0f} | {row['open_share_mouth']:.2f} | {active} | "
              + ", ".join(f"{v:.3g}" for v in row["reference"]) + fine + " | "
              + ", ".join(f"{v:+.1f}" for v in error * 100) + " | "
              + ", ".join(f"{v:+.1f}" for v in discs * 100) + " | "
              + ", ".join(f"{v:+.1f}" for v in before * 100) + " |", flush=True)
    print(json.dumps({"max_rel_error_1h_6h_24h": worst.tolist(),
                      "max_rel_error_discs": worst_discs.tolist(),
                      "max_rel_error_without_sharing": worst_before.tolist()}))


if __name__ == "__main__":
    main()
