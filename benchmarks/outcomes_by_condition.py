"""The lesion maps against what trials report: scar score by scar kind and stretch-mark width
by colour, needle and series length (docs/outcomes_by_condition.md prints this output).

    python benchmarks/outcomes_by_condition.py

Each line is one patient of typical response (the shipped parameter values, no ensemble) a
month or more after the last session, as the trials assessed them.
"""

from __future__ import annotations

from needlesim.healing.injury import injuries_of
from needlesim.outcomes.endpoints import evaluate
from needlesim.outcomes.scar_geometry import fillable_share
from needlesim.outcomes.summary import outcome_options
from needlesim.parameters import default_parameters
from needlesim.prepare import prepare
from needlesim.scenario import build_scenario

PARAMS = default_parameters()


def outcome(condition, site, key, sessions, interval, device, needle_mm, passes, day, age=30):
    scenario = build_scenario({
        "patient": {"age_years": age, "sex": "female", "fitzpatrick": 3, "site": site,
                    "condition": condition},
        "protocol": {"sessions": sessions, "interval_days": interval, "device": device,
                     "needle_length_mm": needle_mm, "passes": passes}}, PARAMS)
    prepared = prepare(scenario, PARAMS)
    scar_type, severity, colour = outcome_options(prepared.skin)
    series = evaluate(PARAMS, prepared.skin, injuries_of(prepared.runs, PARAMS), [day],
                      scar_type=scar_type, wrinkle_severity=severity, striae_colour=colour)
    return float(series.at(day, key)[0])


def main() -> None:
    print("Scar score change [%] by scar kind (Garg & Chaudhary's protocol: roller 1.5 mm, "
          "15 passes, 3 sessions 28 days apart, read at day 236, cheek, age 27)")
    print(f"{'scar':28s} {'fillable share':>14s} {'scar score':>10s}")
    for condition in ("acne_scars_boxcar", "acne_scars_rolling", "acne_scars_icepick",
                      "varicella_scars", "surgical_scars"):
        kind = condition.removeprefix("acne_scars_").removesuffix("_scars")
        value = outcome_scar("acne_scars" if condition.startswith("acne_scars_") else condition,
                             kind)
        print(f"{condition:28s} {fillable_share(kind):14.3f} {value:10.1f}")
    print()
    print("Stretch-mark width change [%] a month after the last session, abdomen, age 30")
    print(f"{'protocol':44s} {'striae':>8s} {'rubra':>8s} {'alba':>8s}")
    protocols = [("roller 1.5 mm x15, 3 monthly", ("roller", 1.5, 15, 3)),
                 ("pen 0.5 mm x4, 3 monthly", ("pen", 0.5, 4, 3)),
                 ("pen 1.5 mm x4, 1 session", ("pen", 1.5, 4, 1)),
                 ("pen 1.5 mm x4, 3 monthly", ("pen", 1.5, 4, 3)),
                 ("pen 1.5 mm x4, 5 monthly", ("pen", 1.5, 4, 5)),
                 ("pen 2.0 mm x4, 3 monthly", ("pen", 2.0, 4, 3))]
    for label, (device, needle, passes, sessions) in protocols:
        day = 30 * sessions
        values = [outcome(c, "abdomen", "striae_width_change_pct", sessions, 30, device, needle,
                          passes, day) for c in ("striae", "striae_rubra", "striae_alba")]
        print(f"{label:44s} " + " ".join(f"{v:8.1f}" for v in values))
    print()
    print("Trials of stretch marks (device not named: the table's roller and a pen side by side)")
    trials = [("Alster & Li 2020: thigh, 2 monthly, day 60", ("striae", "thigh", 2, 60)),
              ("Salve 2021: abdomen, 3 monthly, day 90", ("striae", "abdomen", 3, 90)),
              ("Shiraz 2022 alba: abdomen, 4 monthly, 6 months", ("striae_alba", "abdomen", 4, 270)),
              ("NCT03390439 alba: abdomen, 5 monthly, day 150", ("striae_alba", "abdomen", 5, 150))]
    print(f"{'trial':48s} {'roller':>8s} {'pen':>8s}")
    for label, (condition, site, sessions, day) in trials:
        roller = outcome(condition, site, "striae_width_change_pct", sessions, 30, "roller", 1.5, 15,
                         day)
        pen = outcome(condition, site, "striae_width_change_pct", sessions, 30, "pen", 1.5, 4, day)
        print(f"{label:48s} {roller:8.1f} {pen:8.1f}")


def outcome_scar(condition: str, kind: str) -> float:
    """Scar score of Garg & Chaudhary's protocol for one scar kind."""
    scenario = build_scenario({
        "patient": {"age_years": 27, "sex": "female", "fitzpatrick": 3, "site": "cheek",
                    "condition": condition, **({"scar_type": kind} if condition == "acne_scars"
                                               else {})},
        "protocol": {"sessions": 3, "interval_days": 28, "device": "roller",
                     "needle_length_mm": 1.5, "passes": 15}}, PARAMS)
    prepared = prepare(scenario, PARAMS)
    scar_type, severity, colour = outcome_options(prepared.skin)
    series = evaluate(PARAMS, prepared.skin, injuries_of(prepared.runs, PARAMS), [236.0],
                      scar_type=scar_type, wrinkle_severity=severity, striae_colour=colour)
    return float(series.at(236.0, "scar_score_change_pct")[0])


if __name__ == "__main__":
    main()
