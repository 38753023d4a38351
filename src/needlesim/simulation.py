"""Simulation: run the pipeline stages for every session of a scenario's protocol.

    scenario -> skin -> devices -> insertion -> channels -> (transport, healing, outcomes)

Each stage is a plain function of the previous stage's value. Random numbers come from a
generator seeded by (scenario seed, session number, stage), so a session's numbers do not
depend on which other sessions ran, in which order or on which worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from needlesim.channels import ChannelState, close_channels
from needlesim.devices import Device, PunctureField, build_device, simulate_passes
from needlesim.healing.stage import healing_stage
from needlesim.insertion import Channels, make_channels
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.results import Results
from needlesim.results.assemble import assemble_results
from needlesim.scenario import Scenario, Session, session_plan
from needlesim.skin import Skin, build_skin
from needlesim.transport import transport_stage
from needlesim.workload import check_workload

STAGES = {"devices": 1, "insertion": 2, "channels": 3, "transport": 4, "healing": 5}


@dataclass
class StageOutput:
    """What a downstream stage adds to Results: datasets and summary sections."""

    datasets: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)


# Downstream stages (serum transport, healing, outcomes), run in order after the channel
# stages: each is ``stage(scenario, skin, runs, params) -> StageOutput`` and sees every
# session's SessionRun. They register here so that the pipeline stays readable in one place.
DOWNSTREAM_STAGES: list = [
    transport_stage,  # serum delivery through the channels
    healing_stage,  # healing cascade over the series, then clinical outcomes and risks
]


def stage_rng(seed: int, session: int, stage: str) -> np.random.Generator:
    return np.random.default_rng([seed, session, STAGES[stage]])


@dataclass(frozen=True)
class SessionRun:
    """Everything one session produced, before it is reduced into Results."""

    session: Session
    device: Device
    field: PunctureField
    channels: Channels
    closure: ChannelState


def treated_area_m2(session: Session, skin: Skin, params: ParameterSet) -> float:
    if session.area_m2 is not None:
        return session.area_m2
    return params.site(skin.site, "treated_area", skin.sex)


def run_session(session: Session, skin: Skin, seed: int, params: ParameterSet) -> SessionRun:
    device = build_device(session.device, session.needle_length_m, params)
    area = treated_area_m2(session, skin, params)
    field = simulate_passes(device, session, area, params, stage_rng(seed, session.number, "devices"))
    channels = make_channels(
        field, skin, session.pressure, params, stage_rng(seed, session.number, "insertion")
    )
    closure = close_channels(channels, session, params, stage_rng(seed, session.number, "channels"))
    return SessionRun(session, device, field, channels, closure)


class Simulation:
    """Runs a scenario. ``Simulation(scenario).run()`` returns :class:`Results`."""

    def __init__(self, scenario: Scenario, params: ParameterSet | None = None, progress=False):
        self.scenario = scenario
        self.params = params or default_parameters()
        self.progress = progress

    def run(self) -> Results:
        scenario, params = self.scenario, self.params
        check_workload(scenario, params)  # refuse what would not fit before doing any of it
        skin = build_skin(scenario.patient, params)
        plan = session_plan(scenario.protocol)
        runs = []
        sessions = tqdm(plan, desc="sessions", unit="session", disable=not self.progress, leave=False)
        for session in sessions:
            runs.append(run_session(session, skin, scenario.seed, params))
        results = assemble_results(scenario, skin, runs, params)
        for stage in DOWNSTREAM_STAGES:
            output = stage(scenario, skin, runs, params)
            results.datasets.update(output.datasets)
            results.summary_sections.update(output.summary)
        results.citations = params.citations()  # downstream stages may have cited more
        return results


def run(scenario: Scenario, params: ParameterSet | None = None) -> Results:
    return Simulation(scenario, params).run()
