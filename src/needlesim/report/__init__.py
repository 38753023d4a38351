"""Reports: figures, HTML and the report folder. Reads Results only; computes no physics."""

from needlesim.report.write import write_report

__all__ = ["write_report"]
