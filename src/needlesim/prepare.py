"""The channel stages of a scenario, the one way every caller runs them: ``Simulation``,
cohorts, sensitivity, the planner, validation and calibration all start from
:func:`prepare` (or :func:`run_session` for one session of their own)."""

from __future__ import annotations

from dataclasses import dataclass, field

from needlesim.channels import close_channels
from needlesim.devices import build_device, simulate_passes
from needlesim.insertion import make_channels
from needlesim.parameters import ParameterSet
from needlesim.scenario import Scenario, Session, session_plan
from needlesim.skin import Skin, build_skin
from needlesim.stages import SessionRun, stage_rng
from needlesim.workload import check_workload


def run_session(session: Session, skin: Skin, seed: int, params: ParameterSet) -> SessionRun:
    """Devices, insertion and channels of one session on the patient's skin."""
    device = build_device(session.device, session.needle_length_m, params)
    area = session.area_m2 if session.area_m2 is not None else \
        params.site(skin.site, "treated_area", skin.sex)
    field = simulate_passes(device, session, area, params, stage_rng(seed, session.number, "devices"))
    channels = make_channels(
        field, skin, session.pressure, params, stage_rng(seed, session.number, "insertion")
    )
    closure = close_channels(channels, session, params, stage_rng(seed, session.number, "channels"))
    return SessionRun(session, device, field, channels, closure)


@dataclass
class Prepared:
    """A scenario after its channel stages: what every downstream stage reads."""

    scenario: Scenario
    params: ParameterSet
    skin: Skin
    runs: list[SessionRun]
    # results of downstream stages that other stages read too (e.g. the serum deliveries
    # that both the transport and the healing stage need), computed once per scenario
    memo: dict = field(default_factory=dict, repr=False, compare=False)


def prepare(scenario: Scenario, params: ParameterSet, sessions=None, check: bool = True) -> Prepared:
    """Skin, session plan and every session's channel stages; the work budget is checked
    first (``check``), so a scenario that cannot fit is refused before any of it runs.
    ``sessions`` (an iterable) may wrap the plan, e.g. in a progress bar."""
    if check:
        check_workload(scenario, params)
    skin = build_skin(scenario.patient, params)
    plan = session_plan(scenario.protocol)
    runs = [run_session(session, skin, scenario.seed, params)
            for session in (sessions(plan) if sessions else plan)]
    return Prepared(scenario, params, skin, runs)
