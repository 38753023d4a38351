"""Scenarios: what is simulated (patient, protocol, outputs), parsed and validated."""

from needlesim.scenario.load import (
    build_scenario,
    default_scenario,
    default_scenario_text,
    load_scenario,
)
from needlesim.scenario.model import Output, Patient, Protocol, Scenario, SessionOverride
from needlesim.scenario.sessions import Session, session_plan

__all__ = [
    "Output", "Patient", "Protocol", "Scenario", "Session", "SessionOverride",
    "build_scenario", "default_scenario", "default_scenario_text", "load_scenario",
    "session_plan",
]
