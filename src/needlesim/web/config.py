"""Settings of the web service: where data lives, how many workers, and the limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# A scenario as JSON is a few hundred bytes; 64 KiB leaves room for many overrides.
MAX_BODY_BYTES = 64 * 1024
# Sum over sessions of treated area [cm2] x passes. The built-in default (a cheek, 40 cm2,
# 4 passes, 4 sessions) is 640; a full back (400 cm2) at 4 passes for 5 sessions is 8000.
MAX_SIMULATION_SIZE = 8000.0
MAX_REPORT_DAYS = 24
MAX_QUEUED = 200


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    workers: int = 1
    max_body_bytes: int = MAX_BODY_BYTES
    max_simulation_size: float = MAX_SIMULATION_SIZE
    max_queued: int = MAX_QUEUED
    poll_seconds: float = 0.2

    @classmethod
    def make(cls, data_dir: str | Path, **kwargs) -> Settings:
        path = Path(data_dir).expanduser().resolve()
        path.mkdir(parents=True, exist_ok=True)
        (path / "runs").mkdir(exist_ok=True)
        return cls(data_dir=path, **kwargs)

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"

    @property
    def database(self) -> Path:
        return self.data_dir / "needlesim.sqlite3"
