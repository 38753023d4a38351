"""Fit of the growth-factor serum's maximum activity to the split-face calibration rows.

A split-face trial treats one half of the face with microneedling plus PRP and the other
half with microneedling alone (or with another serum), so the difference between its arms
is what PRP adds. This fit chooses ``growth_factor_serum_max_activity`` so that the model's
arm differences match those of the calibration studies that have a PRP arm and a second
arm (``split_face_pairs``: Sharma, PRP vs saline; Chawla, PRP vs vitamin C), weighted by the
standard error of each difference. Validation studies (Asif 2016) and the Kang 2022
meta-analysis are not used. The other healing parameters stay at their stored values (the
joint evidence fit is not redone). ``python -m needlesim.calibration.serums`` prints the
fit; ``--write`` stores it in ``parameters/data/model_actives.csv``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from needlesim.calibration.command import finish, parser
from needlesim.parameters.store import store_values
from needlesim.validation.literature import Row, load_rows
from needlesim.validation.predict import is_modelled, predict

PARAMETER = "growth_factor_serum_max_activity"
TABLE = "model_actives.csv"
SOURCE = "fitted:needlesim.calibration.serums"
GROWTH_FACTOR_ADJUNCT = "prp"


@dataclass(frozen=True)
class Pair:
    """Two arms of one split-face study: PRP (``serum``) and the other half (``other``)."""

    serum: Row
    other: Row

    @property
    def difference(self) -> float:
        return self.serum.value - self.other.value

    @property
    def standard_error(self) -> float:
        # arms of the same patients: their correlation is not reported, taken as none
        # (a wider error than a paired one)
        return math.hypot(self.serum.standard_error()[0], self.other.standard_error()[0])


def split_face_pairs(set_name: str | None = "calibration") -> list[Pair]:
    """PRP arms with a second arm of the same study and observable (both modelled)."""
    rows = [r for r in load_rows() if is_modelled(r) and (set_name is None or r.set == set_name)]
    pairs = []
    for row in rows:
        if row.adjunct != GROWTH_FACTOR_ADJUNCT:
            continue
        others = [r for r in rows if r.study == row.study and r.observable == row.observable
                  and r.adjunct != GROWTH_FACTOR_ADJUNCT and r.report_day == row.report_day]
        pairs += [Pair(row, other) for other in others]
    return pairs


def model_differences(pairs: list[Pair], members: list[dict]) -> np.ndarray:
    """(pair, member) the model's difference between the arms for each member."""
    rows = list({r.row_id: r for p in pairs for r in (p.serum, p.other)}.values())
    predicted = predict(rows, members)
    return np.array([predicted[p.serum.row_id] - predicted[p.other.row_id] for p in pairs])


def misfit(pairs: list[Pair], values: np.ndarray) -> np.ndarray:
    """Sum of squared standardised differences for each candidate value."""
    members = [{PARAMETER: float(v)} for v in values]
    model = model_differences(pairs, members)
    data = np.array([[p.difference] for p in pairs])
    scale = np.array([[p.standard_error] for p in pairs])
    return (((model - data) / scale) ** 2).sum(axis=0)


def fit(pairs: list[Pair], low: float = 0.0, high: float = 0.5, points: int = 26,
        rounds: int = 2) -> tuple[float, float]:
    """(best value, its misfit): a grid, refined around the best point ``rounds`` times."""
    for _ in range(rounds + 1):
        grid = np.linspace(low, high, points)
        chi2 = misfit(pairs, grid)
        best = int(np.argmin(chi2))
        step = grid[1] - grid[0]
        low, high = max(grid[best] - step, 0.0), grid[best] + step
    return float(grid[best]), float(chi2[best])


def main(argv=None) -> int:
    args = parser(__name__, __doc__, f"parameters/data/{TABLE}").parse_args(argv)
    pairs = split_face_pairs()
    for p in pairs:
        print(f"{p.serum.row_id} - {p.other.row_id}: data {p.difference:+.3g} "
              f"(SE {p.standard_error:.3g}) {p.serum.unit}")
    value, chi2 = fit(pairs)
    model = model_differences(pairs, [{PARAMETER: value}])[:, 0]
    for p, m in zip(pairs, model, strict=True):
        print(f"  model {p.serum.row_id}: {m:+.3g}")
    print(f"{PARAMETER} = {value:.4g} (sum of squared z {chi2:.3g}, {len(pairs)} pairs)")
    if args.write:
        store_values(TABLE, {PARAMETER: value}, source=SOURCE)
    return finish(args)


if __name__ == "__main__":
    raise SystemExit(main())
