"""Validation: the model against literature targets (``needlesim validate``)."""

from needlesim.validation.registry import (
    Comparison,
    Target,
    compare_all,
    computes,
    format_table,
    load_targets,
)

__all__ = ["Comparison", "Target", "compare_all", "computes", "format_table", "load_targets"]
