"""Benchmark: a full face of punctures and channels, vectorised against a plain Python loop.

Run: python benchmarks/puncture_field.py [--quick]
Prints a table and, as its last line, one JSON object (punctures per second).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from needlesim.devices.motion import roller_entry_angle_rad
from needlesim.validation.experiments import one_session


def vectorised(device: str, area_cm2: float, passes: int) -> tuple[float, int]:
    start = time.perf_counter()
    run = one_session(device, 1.5, site="cheek", area_cm2=area_cm2, passes=passes)
    return time.perf_counter() - start, run.field.count


def plain_loop_roller(area_cm2: float, passes: int) -> tuple[float, int]:
    """The same roller landings written as nested Python loops (the peer)."""
    run = one_session("roller", 1.5, area_cm2=1)
    device = run.device
    start = time.perf_counter()
    side = np.sqrt(area_cm2) * 1e-2
    pitch = 2 * np.pi * device.drum_radius_m / device.needles_per_ring
    points = []
    rng = np.random.default_rng(1)
    for _ in range(passes):
        stroke = 0.0
        while stroke < side:
            for ring in range(device.rings):
                y = stroke + (ring + 0.5) * device.drum_width_m / device.rings
                x = rng.random() * pitch
                while x < side:
                    if y < side:
                        points.append((x, y, roller_entry_angle_rad(device)))
                    x += pitch
            stroke += device.drum_width_m
    return time.perf_counter() - start, len(points)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a cheek instead of a full face")
    args = parser.parse_args(argv)
    area = 40.0 if args.quick else 300.0
    pen_s, pen_n = vectorised("pen", area, 4)
    roller_s, roller_n = vectorised("roller", area, 15)
    loop_s, loop_n = plain_loop_roller(area, 15)
    print(f"{'case':40s} {'punctures':>10s} {'seconds':>9s} {'punctures/s':>12s}")
    rows = [
        (f"pen, 4 passes, {area:g} cm2 (whole pipeline)", pen_n, pen_s),
        (f"roller, 15 passes, {area:g} cm2 (whole pipeline)", roller_n, roller_s),
        ("roller landings only, plain Python loop", loop_n, loop_s),
    ]
    for name, count, seconds in rows:
        print(f"{name:40s} {count:10d} {seconds:9.3f} {count / seconds:12.3g}")
    result = {
        "area_cm2": area,
        "pen_punctures": pen_n,
        "pen_s": pen_s,
        "pen_punctures_per_s": pen_n / pen_s,
        "roller_s": roller_s,
        "plain_loop_roller_landings_per_s": loop_n / loop_s,
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
