"""The data folder at start-up: one server at a time, and no leftovers of a killed one.

A worker writes a run's report folder through a hidden staging folder beside it (see
:mod:`needlesim.folders`: a ``.needlesim-staging-<id>.<random>`` folder holding a staging
marker) and renames it into place at the end. A worker killed mid-write leaves its staging
folder behind; the next server removes those, and only those, directly in ``runs/``
(:func:`needlesim.folders.remove_stale_staging`).
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from needlesim import folders

log = logging.getLogger("needlesim.web")

class DataDirBusy(RuntimeError):
    """Another server holds the data folder."""


class DataDirLock:
    """One server per data folder: its start-up puts the previous server's running jobs back
    in the queue and removes staging folders, which is only safe when no other server's
    workers are running those jobs."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / "server.lock"
        self.handle = None

    def acquire(self) -> None:
        if self.handle is not None:
            return
        handle = open(self.path, "a+")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise DataDirBusy(f"another needlesim server is using {self.path.parent} "
                              f"(lock file {self.path.name}); stop it or choose another "
                              "--data-dir") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def remove_stale_staging(runs_dir: Path) -> int:
    """Remove them; call only while holding the data folder's lock, before workers start."""
    removed = len(folders.remove_stale_staging(runs_dir))
    if removed:
        log.info("removed %d unfinished report folder(s) from %s", removed, runs_dir)
    return removed
