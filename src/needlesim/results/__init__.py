"""Results: xarray datasets, the stable summary, and the citations a run used."""

from needlesim.results.results import Results

__all__ = ["Results"]
