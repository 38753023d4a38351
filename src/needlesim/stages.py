"""The stage contract: what every stage of the pipeline receives and returns.

    scenario -> skin -> sessions -> (devices, insertion, channels) -> SessionRun per session
    -> downstream stages (transport, healing and outcomes) -> Results

The channel stages of one session make a :class:`SessionRun` (see ``prepare.py``). A
downstream stage is an object with ``summary(prepared)``, the summary section alone (what
a cohort needs), and ``run(prepared)``, the summary and the report datasets together (what
``Simulation`` needs); both see every session's run. Random numbers come from
:func:`stage_rng`, seeded by (scenario seed, session number, stage), so a session's numbers
do not depend on which other sessions ran, in which order or on which worker.

This module imports nothing of needlesim's at run time: every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:  # types only: the layers these come from sit above this module
    from needlesim.channels import ChannelState
    from needlesim.devices import Device, PunctureField
    from needlesim.insertion import Channels
    from needlesim.scenario import Session

STAGES = {"devices": 1, "insertion": 2, "channels": 3, "transport": 4, "healing": 5}


def stage_rng(seed: int, session: int, stage: str) -> np.random.Generator:
    return np.random.default_rng([seed, session, STAGES[stage]])


@dataclass(frozen=True)
class SessionRun:
    """Everything one session's channel stages produced."""

    session: Session
    device: Device
    field: PunctureField
    channels: Channels
    closure: ChannelState


@dataclass
class StageOutput:
    """What a downstream stage adds to Results: datasets and summary sections."""

    datasets: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)


class Stage(Protocol):
    """A downstream stage. ``prepared`` is a :class:`needlesim.prepare.Prepared`."""

    def summary(self, prepared) -> dict:
        """The stage's summary sections alone."""

    def run(self, prepared) -> StageOutput:
        """The summary sections and the report datasets."""
