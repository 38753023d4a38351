"""Roller against pen at the same needle length on the same cheek.

Run: python examples/compare_devices.py
"""

from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation


def channels_for(device: str, needle_length_mm: float = 1.5) -> dict:
    scenario = build_scenario({
        "seed": 1,
        "patient": {"age_years": 35, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 1, "interval_days": 28, "device": device,
                     "needle_length_mm": needle_length_mm, "passes": 4, "area_cm2": 10},
    })
    summary = Simulation(scenario).run().summary()
    return {**summary["channels"], **summary["barrier"]}


def main() -> dict:
    rows = {device: channels_for(device) for device in ("roller", "pen")}
    print(f"{'device':8s} {'channels/cm2':>13s} {'depth um':>9s} {'opening um':>11s} {'recovery h':>11s}")
    for device, row in rows.items():
        print(f"{device:8s} {row['density_per_cm2']:13.0f} {row['depth_um_mean']:9.0f} "
              f"{row['surface_diameter_um_mean']:11.0f} {row['recovery_h']:11.1f}")
    return rows


if __name__ == "__main__":
    main()
