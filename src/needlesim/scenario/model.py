"""The scenario: patient, protocol and outputs, as typed and validated objects.

A scenario is usually read from TOML (see ``load.py``), but the same objects can be built
in Python: ``Scenario(patient=Patient(age_years=45, ...), protocol=Protocol(...))``.
Catalogue checks (site, device, serum, the device's depth range) need the parameter data,
so they run in :func:`needlesim.scenario.check.check_catalogue`, called by ``build``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from needlesim.parameters.conditions import condition_names, scar_types
from needlesim.scenario.fields import (
    CentimetresPerSecond,
    Days,
    Flag,
    Hours,
    MicrolitresPerSquareCentimetre,
    Millimetres,
    Minutes,
    Number,
    SafeName,
    SquareCentimetres,
    WholeNumber,
    Years,
    choice,
    out_of_range,
)

CONDITIONS = condition_names()  # conditions.csv
SCAR_TYPES = scar_types()
PRESSURES = ("light", "moderate", "firm")
VEHICLES = ("aqueous", "gel", "cream", "ointment")  # what a serum is made up in
MAX_SESSIONS = 24

# Names with a fixed set of values: any case and spacing, a few common synonyms.
Sex = choice(("female", "male"))
Condition = choice(CONDITIONS, {"photoageing": "photoaging", "stretch marks": "striae",
                                "chickenpox scars": "varicella_scars",
                                "chicken-pox scars": "varicella_scars"})
ScarType = choice(SCAR_TYPES)
Pressure = choice(PRESSURES)
Resolution = choice(("reduced", "patch"))
Vehicle = choice(VEHICLES, {"serum": "aqueous", "solution": "aqueous"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


class Patient(_Strict):
    age_years: Years = Field(..., ge=12, le=100, description="Age [year]")
    sex: Sex
    fitzpatrick: WholeNumber = Field(..., ge=1, le=6, description="Fitzpatrick phototype 1-6")
    site: str = Field("cheek", description="Treated site (see `needlesim sites`)")
    condition: Condition = "none"
    scar_type: ScarType = Field("mixed", description="Acne scar type")
    severity: Number | None = Field(
        None, ge=0, le=48, description="Severity on the condition's own scale"
    )


# Bounds of the keys a session may change, written once for the protocol and its overrides.
NeedleLength = Annotated[Millimetres, Field(gt=0, le=3.5)]
Passes = Annotated[WholeNumber, Field(ge=1, le=50)]
OverlapFraction = Annotated[Number, Field(ge=0, lt=0.95)]


class SessionSettings(_Strict):
    """What can differ from one session to the next."""

    device: str | None = None
    needle_length_mm: NeedleLength | None = None
    passes: Passes | None = None
    occluded: Flag | None = None
    occlusion_hours: Hours | None = Field(None, gt=0, le=24 * 14)
    serum: str | None = None
    serum_delay_min: Minutes | None = Field(
        None, ge=0, le=24 * 60, description="Minutes from the end of needling to the serum")
    serum_vehicle: Vehicle | None = Field(None, description="What the serum is made up in: "
                                          "aqueous (default), gel, cream or ointment")
    serum_volume_ul_per_cm2: MicrolitresPerSquareCentimetre | None = Field(
        None, gt=0, le=500, description="Serum applied per area (default 5 uL/cm2, a finite dose)")
    serum_wipe_min: Minutes | None = Field(
        None, gt=0, le=24 * 60, description="Minutes after application when the serum is wiped "
                                            "off (default: left on)")
    serum_rub_in: Flag | None = Field(
        None, description="The serum is massaged into the open channels as it goes on: their "
                          "lumens fill with it at once (default: no, it enters them by diffusion)")
    pressure: Pressure | None = None
    glide_speed_cm_s: CentimetresPerSecond | None = Field(None, gt=0, le=50)
    overlap_fraction: OverlapFraction | None = None
    anti_inflammatory: Flag | None = Field(
        None, description="Topical NSAID (e.g. diclofenac) after the session"
    )
    area_cm2: SquareCentimetres | None = Field(None, gt=0, le=2000)


class SessionOverride(SessionSettings):
    session: WholeNumber = Field(..., ge=1, description="1-based number of the session to change")


class Protocol(SessionSettings):
    sessions: WholeNumber = Field(..., ge=1, le=MAX_SESSIONS)
    interval_days: Days = Field(..., ge=1, le=365)
    device: str = "pen"
    needle_length_mm: NeedleLength
    passes: Passes = 4
    occluded: Flag = False
    pressure: Pressure = "moderate"
    serum_delay_min: Minutes = Field(0.0, ge=0, le=24 * 60)
    numbing: str | None = Field(
        None, description="Numbing cream on intact skin before each session, wiped off before "
                          "needling (catalogue name, e.g. lidocaine_4pct, emla)")
    numbing_min: Minutes | None = Field(
        None, gt=0, le=4 * 60,
        description="Minutes the numbing cream stays on (default: the product label's)")
    overlap_fraction: OverlapFraction = 0.0
    anti_inflammatory: Flag = False
    overrides: list[SessionOverride] = Field(default_factory=list)

    @field_validator("overrides")
    @classmethod
    def _overrides_within_series(cls, overrides, info):
        sessions = info.data.get("sessions")
        seen = set()
        for index, override in enumerate(overrides):
            at = (index, "session")  # blame the item's session key, not the whole list
            if sessions is not None and override.session > sessions:
                raise out_of_range(override.session, f"1 to {sessions} (the number of sessions)",
                                   at=at)
            if override.session in seen:
                raise out_of_range(override.session, "each session overridden at most once", at=at)
            seen.add(override.session)
        return overrides


class Output(_Strict):
    report_days: list[Days] = Field(default_factory=lambda: [30.0, 90.0, 180.0])

    @field_validator("report_days")
    @classmethod
    def _days_in_range(cls, days):
        for day in days:
            if not 0 <= day <= 3650:
                raise out_of_range(day, "0 to 3650", "day")
        return sorted(set(days))


class Transport(_Strict):
    """How a serum's delivery is solved: the fast reduced model (unit cells per channel
    class, verified against the 3D patch within 5 % over the range docs/transport.md lists)
    or the 3D reference itself, on a periodic patch of about ``patch_channels`` channels cut
    from the session's puncture field (seconds to minutes per session; for the fields the
    reduced model is not verified on, such as a stamp set down several times)."""

    resolution: Resolution = "reduced"
    patch_channels: WholeNumber = Field(16, ge=4, le=64, description="Channels in the 3D patch")


class Scenario(_Strict):
    seed: WholeNumber = Field(1, ge=0, le=2**63 - 1)
    name: SafeName = "scenario"
    patient: Patient
    protocol: Protocol
    output: Output = Field(default_factory=Output)
    transport: Transport = Field(default_factory=Transport)
