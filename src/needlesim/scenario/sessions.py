"""The protocol resolved into one typed record per session, in SI units."""

from __future__ import annotations

from dataclasses import dataclass

from needlesim.constants import CM2_M2, CM_M, MINUTE_S, MM_M
from needlesim.scenario.model import Protocol, SessionSettings

UL_PER_CM2_M = 1e-5  # 1 uL/cm2 = 1e-9 m3 / 1e-4 m2: a film's volume per area as a thickness


@dataclass(frozen=True)
class Session:
    number: int  # 1-based
    day: float  # days after the first session
    device: str  # as written: a kind ("pen") or a catalogue name
    needle_length_m: float
    passes: int
    occluded: bool
    occlusion_hours: float | None  # None: the default duration of a dressing
    serum: str | None
    pressure: str
    glide_speed_m_s: float | None
    overlap_fraction: float
    anti_inflammatory: bool
    area_m2: float | None
    serum_delay_s: float = 0.0  # from the end of needling to the serum going on
    serum_vehicle: str = "aqueous"
    serum_volume_m3_per_m2: float | None = None  # None: the default dose
    serum_wipe_s: float | None = None  # after application; None: left on
    serum_rub_in: bool = False  # massaged into the open channels as it goes on


def session_plan(protocol: Protocol) -> list[Session]:
    """Every session of the protocol with its overrides applied."""
    overrides = {o.session: o for o in protocol.overrides}
    plan = []
    for number in range(1, protocol.sessions + 1):
        merged = protocol.model_dump(include=set(SessionSettings.model_fields))
        override = overrides.get(number)
        if override is not None:
            merged.update(override.model_dump(exclude={"session"}, exclude_none=True))
        plan.append(
            Session(
                number=number,
                day=(number - 1) * protocol.interval_days,
                device=merged["device"],
                needle_length_m=merged["needle_length_mm"] * MM_M,
                passes=merged["passes"],
                occluded=merged["occluded"],
                occlusion_hours=merged["occlusion_hours"],
                serum=merged["serum"],
                pressure=merged["pressure"],
                glide_speed_m_s=(
                    None if merged["glide_speed_cm_s"] is None else merged["glide_speed_cm_s"] * CM_M
                ),
                overlap_fraction=merged["overlap_fraction"],
                anti_inflammatory=merged["anti_inflammatory"],
                area_m2=None if merged["area_cm2"] is None else merged["area_cm2"] * CM2_M2,
                serum_delay_s=merged["serum_delay_min"] * MINUTE_S,
                serum_vehicle=merged["serum_vehicle"] or "aqueous",
                serum_volume_m3_per_m2=(None if merged["serum_volume_ul_per_cm2"] is None
                                        else merged["serum_volume_ul_per_cm2"] * UL_PER_CM2_M),
                serum_wipe_s=(None if merged["serum_wipe_min"] is None
                              else merged["serum_wipe_min"] * MINUTE_S),
                serum_rub_in=bool(merged["serum_rub_in"]),
            )
        )
    return plan
