"""The cohort file, parsed and validated into a :class:`CohortSpec`.

A cohort file (TOML) has the top-level keys ``name``, ``seed``, ``patients`` and the
tables ``[population]`` (a distribution per patient covariate), ``[parameters]`` (a
distribution per named model parameter, in the unit of its data file), ``[uncertainty]``
(``healing_ensemble = true`` draws a member of the calibrated healing ensemble per patient),
``[[arms]]`` (a name and a ``[arms.protocol]`` table as in a scenario), ``[output]``
(``report_days``, ``responders``, ``intervals``) and ``[run]`` (``chunk_size``, ``area_cm2``).
See docs/cohorts.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from needlesim import __version__
from needlesim.cohort.distributions import Distribution

# Patient covariates in the order they are written to the table, with their scenario unit.
COVARIATES = {
    "age_years": "year",
    "sex": "",
    "fitzpatrick": "",
    "site": "",
    "condition": "",
    "scar_type": "",
    "severity": "",
}
DEFAULT_CHUNK = 50
DEFAULT_AREA_CM2 = 1.0  # a representative 1 cm2 patch: every summary key is per area or a mean


@dataclass(frozen=True)
class Responder:
    """A responder definition: share of patients whose ``key`` at ``day`` passes a threshold."""

    name: str
    key: str
    below: float | None = None
    above: float | None = None

    def passes(self, values):
        if self.below is not None:
            return values <= self.below
        return values >= self.above


@dataclass(frozen=True)
class Arm:
    name: str
    protocol: dict


@dataclass(frozen=True)
class CohortSpec:
    name: str
    seed: int
    patients: int
    population: dict[str, Distribution]
    parameters: dict[str, Distribution]
    arms: list[Arm]
    report_days: list[float]
    responders: list[Responder] = field(default_factory=list)
    healing_ensemble: bool = False
    # Each patient's collagen response factor exp(s z), s = patient_response_sd_log (fitted
    # to the trials' responder shares): patients of one arm differ as trial patients do.
    patient_variability: bool = True
    chunk_size: int = DEFAULT_CHUNK
    area_cm2: float | None = DEFAULT_AREA_CM2
    intervals: bool = False  # per-patient 90 % ensemble intervals (slow: 100 integrations each)
    source: dict = field(default_factory=dict, compare=False)

    @property
    def arm_names(self) -> list[str]:
        return [arm.name for arm in self.arms]

    def fingerprint(self) -> str:
        """Identifies what the checkpoints were computed from (for ``--resume``)."""

        text = json.dumps({"source": self.source, "version": __version__}, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]
