"""The split of the published-data table into calibration and validation studies.

Whole studies, never single rows, go to one set. Each study is given the outcome family
most of its rows belong to; within each family the studies, in alphabetical order, are
permuted by a generator seeded with :data:`SEED`, and the first ``ceil(k / 3)`` of the
``k`` studies (none when a family has a single study, so that every family keeps one to
fit) become validation studies. The rule depends on nothing but the study keys and their
rows' observables, so adding a study to one family leaves the other families' split as it
was.

``python -m needlesim.validation.split`` prints the split; ``--write`` stores it in the
table's ``set`` column (done once, before any fit; a test checks the stored column against
this rule).
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from collections import Counter

import numpy as np

from needlesim.parameters.store import write_atomically
from needlesim.validation.literature import load_rows, read_raw, table_path

SEED = 20261127
FAMILIES = {
    "scar": ("scar_score_change_pct", "responder_share_ge50", "responder_share_ge1grade"),
    "histology": ("collagen_I_change_pct", "collagen_III_change_pct", "collagen_VII_change_pct",
                  "collagen_total_change_pct", "elastin_change_pct", "tropoelastin_change_pct",
                  "epidermal_thickness_change_pct", "dermal_density_change_pct",
                  "dermal_thickness_change_pct"),
    "skin_quality": ("texture_change_pct", "wrinkle_score_change_pct", "elasticity_change_pct",
                     "pore_change_pct"),
    "adverse_events": ("pih_count", "tram_track_count", "infection_count", "scarring_count"),
    "downtime": ("downtime_days",),
    # families added later go last: a family's permutation is seeded by its place here
    "pigment": ("masi_change_pct", "melanin_index_change_pct", "melanin_contrast_change_pct"),
    "striae": ("striae_score_change_pct", "striae_width_change_pct"),
    # the suction device's R2 and R0 and the pores' area (outcomes/mechanics.py)
    "mechanics": ("elasticity_r2_change_pct", "firmness_r0_change_pct", "pore_area_change_pct"),
}
ORDER = list(FAMILIES)


def family_of(observable: str) -> str:
    for family, observables in FAMILIES.items():
        if observable in observables:
            return family
    return "other"


def study_families(rows) -> dict[str, str]:
    """Study -> the family most of its rows belong to (rows of unnamed ``other:`` outcomes
    count only for studies that have nothing else)."""
    counts: dict[str, Counter] = {}
    for row in rows:
        counts.setdefault(row.study, Counter())
        family = family_of(row.observable)
        if family != "other":
            counts[row.study][family] += 1
    for counter in counts.values():
        counter["other"] += 0 if counter else 1
    rank = {name: i for i, name in enumerate([*ORDER, "other"])}
    return {study: min(c, key=lambda f: (-c[f], rank[f])) for study, c in counts.items()}


def split(rows, seed: int = SEED) -> dict[str, str]:
    """Study -> 'calibration' or 'validation' by the rule above."""
    families = study_families(rows)
    out = {}
    for family in sorted(set(families.values())):
        studies = sorted(s for s, f in families.items() if f == family)
        order = np.random.default_rng([seed, ORDER.index(family) if family in ORDER else 99])
        shuffled = [studies[i] for i in order.permutation(len(studies))]
        n_validation = math.ceil(len(studies) / 3) if len(studies) > 1 else 0
        for i, study in enumerate(shuffled):
            out[study] = "validation" if i < n_validation else "calibration"
    return out


def table_with_split(assignment: dict[str, str]) -> str:
    columns, raws = read_raw()
    if "set" not in columns:
        columns.append("set")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for raw in raws:
        writer.writerow({**raw, "set": assignment[raw["study"]]})
    return buffer.getvalue()


def main(argv=None) -> int:
    command = argparse.ArgumentParser("python -m needlesim.validation.split", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("--write", action="store_true", help="store the split in the table")
    args = command.parse_args(argv)
    rows = load_rows()
    assignment = split(rows)
    families = study_families(rows)
    for study in sorted(assignment, key=lambda s: (families[s], s)):
        print(f"{families[study]:15s} {study:28s} {assignment[study]}")
    total = Counter(assignment.values())
    print(f"{total['validation']} of {len(assignment)} studies for validation")
    if args.write:
        write_atomically(table_path(), table_with_split(assignment))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
