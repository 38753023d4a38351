"""The cascade's time course as xarray: time x compartment x species."""

from __future__ import annotations

import numpy as np
import xarray as xr

from needlesim.healing.cascade import HealingRun
from needlesim.healing.species import COMPARTMENTS, SPECIES


def cascade_dataset(run: HealingRun, untreated: np.ndarray, patient: int = 0) -> xr.Dataset:
    """The treated and the untreated state of one patient of ``run`` (``untreated``: the
    untreated state at the run's times)."""
    x = run.states[:, :, patient, :]  # (time, species, compartment)
    u = untreated[:, :, patient, :]
    coords = {
        "time_day": ("time_day", run.times_day, {"units": "day",
                     "long_name": "Time after the first session [day]"}),
        "compartment": list(COMPARTMENTS),
        "species": list(SPECIES),
    }
    dims = ("time_day", "compartment", "species")
    data = {
        "state": (dims, np.transpose(x, (0, 2, 1)), {"units": "1",
                  "long_name": "Tissue state relative to resting (cells, signals) "
                  "or young-adult (matrix) tissue"}),
        "untreated": (dims, np.transpose(u, (0, 2, 1)), {"units": "1",
                      "long_name": "Same patient untreated (ageing baseline)"}),
    }
    return xr.Dataset(data, coords=coords, attrs={"model": "needlesim healing cascade",
                                                  "research_use": "research and education only"})
