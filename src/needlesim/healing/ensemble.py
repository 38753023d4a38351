"""The stored calibration ensemble of the healing parameters (``data/ensemble.csv``).

Each row is one posterior draw of the joint fit of ``needlesim.calibration.evidence``
(which writes this file); the columns are parameter names. Reading it needs no fit.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

import numpy as np

ENSEMBLE_FILE = "ensemble.csv"


def ensemble_path() -> Traversable:
    return resources.files("needlesim.healing") / "data" / ENSEMBLE_FILE


def load_ensemble() -> dict[str, np.ndarray] | None:
    """Parameter name -> the members' values, or None when no ensemble is stored."""
    path = ensemble_path()
    if not path.is_file():
        return None
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    names = lines[0].split(",")
    data = np.array([[float(v) for v in ln.split(",")] for ln in lines[1:]]).reshape(-1, len(names))
    return {n: data[:, i] for i, n in enumerate(names)}
