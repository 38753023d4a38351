"""How much of an atrophic scar needling can fill, from the scar's geometry.

New collagen fills a scar from the dermis under and beside its floor. A scar deeper than
the reference scar keeps the part of its tract below the reference depth (the tract of an
ice-pick scar runs to the deep dermis), and a scar narrower than the reference one takes
fewer channels and less new matrix across its floor. The share of the scar that can fill is
therefore

    fillable = min(1, d_ref / d) * min(1, w / w_ref)

with the scar's depth ``d`` and width ``w`` from ``parameters/data/conditions.csv``. The
reference is the boxcar acne scar, whose geometry stands for the mixed scar populations of
the calibration studies, so the calibrated scar map is unchanged for them. The law is an
assumption; docs/outcomes_by_condition.md compares what it gives by scar type with the
published per-type responses.
"""

from __future__ import annotations

from functools import cache

from needlesim.parameters.conditions import scar_rows
from needlesim.parameters.loader import catalogue_rows

REFERENCE = "boxcar"  # the geometry of the calibration populations (conditions.csv, mixed)


def _geometry(kind: str) -> tuple[float, float]:
    row = catalogue_rows("conditions")[scar_rows()[kind]]
    return float(row["lesion_depth_mm"]), float(row["lesion_width_mm"])


@cache
def fillable_share(kind: str) -> float:
    """Share (0-1] of the scar of ``kind`` (a key of ``scar_rows()``) that needling can fill."""
    depth, width = _geometry(kind)
    ref_depth, ref_width = _geometry(REFERENCE)
    return min(1.0, ref_depth / depth) * min(1.0, width / ref_width)
