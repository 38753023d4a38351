"""Calibration of the channel-stage parameters that no measurement gives directly.

Each free parameter is fitted, one at a time and in this order, by a root search that
makes the model meet one calibration target of targets_channels.csv:

    roller_half_share_force        -> roller_770_channel_depth         (Kalluri 2011)
    roller_slot_open_fraction      -> roller_770_surface_diameter      (Kalluri 2011)
    rate_stiffening_speed          -> pen_depth_ratio_0p5mm            (Sasaki 2019)
    closure_uncovered_factor       -> barrier_recovery_roller_770_uncovered (Kalluri 2011)

The order matters little (each target is nearly insensitive to the others' parameters).
The model's values come from the target computations of ``needlesim.validation``
(the same numbers ``needlesim validate`` shows). Run ``python -m
needlesim.calibration.channels`` to print the fit and ``--write`` to store the values in
parameters/data/model.csv. Agreement with these targets is calibration, not validation.
"""

from __future__ import annotations

from scipy.optimize import brentq

from needlesim.calibration.command import finish, parser
from needlesim.parameters import ParameterSet
from needlesim.parameters.store import store_values
from needlesim.validation import channels, insertion
from needlesim.validation.registry import load_targets

FITS = [
    ("roller_half_share_force", "roller_770_channel_depth",
     insertion.roller_770_channel_depth, (0.1, 1000.0)),
    ("roller_slot_open_fraction", "roller_770_surface_diameter",
     insertion.roller_770_surface_diameter, (0.0, 1.0)),
    ("rate_stiffening_speed", "pen_depth_ratio_0p5mm",
     insertion.pen_depth_ratio_0p5mm, (0.01, 10.0)),
    ("closure_uncovered_factor", "barrier_recovery_roller_770_uncovered",
     channels.barrier_recovery_roller_770_uncovered, (0.005, 1.0)),
]


def fit() -> dict[str, float]:
    targets = {t.id: t for t in load_targets()}
    fitted: dict[str, float] = {}
    for name, target_id, model, bracket in FITS:
        goal = targets[target_id].target

        def gap(value, name=name, model=model, goal=goal):
            return model(ParameterSet({**fitted, name: value})) - goal

        fitted[name] = float(brentq(gap, *bracket, xtol=1e-6, rtol=1e-6))
    return fitted


def main(argv=None) -> int:
    args = parser("needlesim.calibration.channels", __doc__, "parameters/data/model.csv").parse_args(argv)
    values = fit()
    shipped = ParameterSet()
    print(f"{'parameter':32s} {'fitted':>10s} {'shipped':>10s} unit")
    for name, value in values.items():
        entry = shipped.value(name)
        print(f"{name:32s} {value:10.4g} {entry.value:10.4g} {entry.unit}")
    if args.write:
        store_values("model.csv", values)
    return finish(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
