"""Parameter sets as data files: every value with its unit and its source.

A run asks a :class:`ParameterSet` for values; the set records which sources were used,
so that the report and ``provenance.citations`` list exactly what the run relied on.
"""

from needlesim.parameters.citations import Citation, CitationRegistry
from needlesim.parameters.loader import ParameterSet, Value, default_parameters

__all__ = ["Citation", "CitationRegistry", "ParameterSet", "Value", "default_parameters"]
