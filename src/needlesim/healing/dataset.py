"""Healing time courses as xarray: time x compartment x species."""

from __future__ import annotations

import numpy as np
import xarray as xr

from needlesim.healing.species import COMPARTMENTS, SPECIES


def healing_dataset(series, patient: int = 0) -> xr.Dataset:
    x = series.run.states[:, :, patient, :]  # (time, species, compartment)
    u = series.untreated[:, :, patient, :]
    coords = {
        "time_day": ("time_day", series.times_day, {"units": "day",
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
        "redness_index": ("time_day", series.redness[:, patient], {"units": "1",
                          "long_name": "Visible redness of the injured spots (local inflammation)"}),
    }
    for key, values in series.changes.items():
        data[f"{key}_change"] = ("time_day", values[:, patient], {"units": "1"})
    for key, values in series.clinical.items():
        data[key] = ("time_day", values[:, patient])
    return xr.Dataset(data, coords=coords, attrs={"model": "needlesim healing cascade",
                                                  "research_use": "research and education only"})


def downtime_dataset(series, session_numbers, patient: int = 0) -> xr.Dataset:
    return xr.Dataset(
        {"downtime_days": ("session", series.downtime_days[:, patient], {"units": "day"}),
         "session_day": ("session", np.asarray(series.run.doses.day, float), {"units": "day",
                         "long_name": "Day of the session after the first one"})},
        coords={"session": list(session_numbers)},
    )
