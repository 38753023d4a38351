"""The Results object that reports, the CLI and the web service read (and nothing else)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import xarray as xr
from xarray.backends import H5NetCDFStore
from xarray.backends.locks import HDF5_LOCK

from needlesim import RESEARCH_USE, __version__
from needlesim.parameters import Citation
from needlesim.results.finite import finite_summary
from needlesim.safety import run_warnings, summary_aftercare
from needlesim.scenario import Scenario


@dataclass
class Results:
    scenario: Scenario
    parameter_set: str
    citations: list[Citation]
    datasets: dict[str, xr.Dataset]
    summary_sections: dict[str, dict] = field(default_factory=dict)

    def summary(self) -> dict:
        """The stable JSON summary (see docs/summary.md for every key)."""
        out = {"scenario": self.scenario.name, "research_use": RESEARCH_USE}
        out.update(self.summary_sections)

        # read off the sections above: rules and aftercare in safety/data (docs/safety.md)
        out["warnings"] = run_warnings(self, out)
        out["aftercare"] = summary_aftercare(out, self.scenario.patient.fitzpatrick)
        out["provenance"] = {
            "version": __version__,
            "seed": self.scenario.seed,
            "parameter_set": self.parameter_set,
            "citations": [str(c) for c in self.citations],
        }
        return finite_summary(out)

    def summary_json(self) -> str:
        return json.dumps(self.summary(), indent=2, allow_nan=False)

    def to_netcdf(self, path: str | Path) -> Path:
        """All datasets in one NetCDF-4 file, one group each; written atomically."""
        path = Path(path)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".nc.part")
        os.close(handle)
        try:
            mode = "w"
            for name, dataset in self.datasets.items():
                # what Dataset.to_netcdf(engine="h5netcdf", group=name) writes, byte for
                # byte, but given HDF5's lock: asking Dask for its scheduler's lock would
                # import dask.distributed (a third of a second) for data already in memory
                store = H5NetCDFStore.open(temporary, mode=mode, group=name, lock=HDF5_LOCK)
                try:
                    dataset.dump_to_store(store)
                finally:
                    store.close()
                mode = "a"
            os.chmod(temporary, 0o644)  # mkstemp makes it private
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)
        return path

    def __getitem__(self, name: str) -> xr.Dataset:
        return self.datasets[name]
