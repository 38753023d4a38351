"""The work a scenario asks for, estimated before any of it is done, and refused when it
would not fit the machine: one definition for the command line, cohorts and the web service.

A run's memory and time scale with its needle landings (every puncture is kept, with its
channel and closure, until the results are assembled). The per-landing costs below were
measured with ``python benchmarks/workload_memory.py`` (peak resident memory of
single-session and four-session runs of 20 to 1,000 cm2, pen, roller and stamp, on the
2-core reference machine) and carry a safety margin; the benchmark prints them side by side
with the measurement.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

from needlesim.devices import build_device
from needlesim.devices.landings import expected_landings
from needlesim.errors import InputError
from needlesim.parameters import ParameterSet
from needlesim.scenario import Scenario, session_plan

# Measured about 95 B per landing kept until assembly and 75 B more per landing of the
# session being simulated (benchmarks/workload_memory.py: the budget stays 30 % or more
# above every measured peak); the margins cover the 45-degree passes' temporary arrays and
# allocator slack.
KEPT_BYTES_PER_LANDING = 150.0
TRANSIENT_BYTES_PER_LANDING = 150.0
BASE_BYTES = 400e6  # the interpreter with numpy, scipy, numba and xarray loaded, plus slack
SECONDS_PER_MILLION_LANDINGS = 1.7  # measured wall time 1.3-1.7 s per million, one core
BASE_SECONDS = 1.0  # the stages that do not scale with landings (skin, healing, assembly)
USABLE_SHARE = 0.8  # of the memory available: leave room for the rest of the machine


@dataclass(frozen=True)
class Workload:
    landings_per_session: list[float]

    @property
    def landings(self) -> float:
        return float(sum(self.landings_per_session))

    @property
    def memory_bytes(self) -> float:
        largest = max(self.landings_per_session, default=0.0)
        return BASE_BYTES + KEPT_BYTES_PER_LANDING * self.landings + TRANSIENT_BYTES_PER_LANDING * largest

    @property
    def seconds(self) -> float:
        return BASE_SECONDS + SECONDS_PER_MILLION_LANDINGS * self.landings / 1e6


def treated_area_m2(session, scenario: Scenario, params: ParameterSet) -> float:
    if session.area_m2 is not None:
        return session.area_m2
    patient = scenario.patient
    return params.site(patient.site, "treated_area", patient.sex)


def estimate(scenario: Scenario, params: ParameterSet) -> Workload:
    landings = []
    for session in session_plan(scenario.protocol):
        device = build_device(session.device, session.needle_length_m, params)
        landings.append(expected_landings(device, session, treated_area_m2(session, scenario, params),
                                          params))
    return Workload(landings)


def _meminfo_available() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return float(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _cgroup_available() -> float | None:
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = float(Path("/sys/fs/cgroup/memory.current").read_text().strip())
    except (OSError, ValueError):
        return None
    return None if limit == "max" else float(limit) - used


def _address_space_available() -> float | None:
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    try:
        status = Path(f"/proc/{os.getpid()}/status").read_text()
        size = next(float(line.split()[1]) * 1024 for line in status.splitlines()
                    if line.startswith("VmSize:"))
    except (OSError, StopIteration):
        size = 0.0
    return soft - size


def available_memory_bytes() -> float | None:
    """What this process may still allocate: free memory, the cgroup's limit and the
    address-space limit (ulimit -v), whichever is least; None where none can be read."""
    found = [v for v in (_meminfo_available(), _cgroup_available(), _address_space_available())
             if v is not None]
    return min(found) if found else None


def check_workload(scenario: Scenario, params: ParameterSet, concurrent: int = 1,
                   available: float | None = None) -> Workload:
    """The scenario's workload, or an InputError naming the fields when ``concurrent`` runs
    of it would not fit in the memory available."""
    work = estimate(scenario, params)
    available = available_memory_bytes() if available is None else available
    if available is None:
        return work
    usable = USABLE_SHARE * available - BASE_BYTES  # one interpreter; parallel runs share it
    if concurrent * (work.memory_bytes - BASE_BYTES) > usable:
        fits = max(usable / concurrent, 0.0) / (KEPT_BYTES_PER_LANDING + TRANSIENT_BYTES_PER_LANDING)
        runs = f" for each of {concurrent} parallel runs" if concurrent > 1 else ""
        raise InputError([{
            "field": "protocol.area_cm2 x protocol.passes x protocol.sessions",
            "value": f"{work.landings:,.0f} needle landings (about {work.memory_bytes / 2**30:.1f} GiB "
                     f"of memory, {work.seconds:,.0f} s)",
            "allowed": f"at most about {fits:,.0f} landings{runs}: this machine has "
                       f"{available / 2**30:.1f} GiB available; lower the treated area, passes or "
                       "sessions",
            "unit": "",
        }])
    return work
