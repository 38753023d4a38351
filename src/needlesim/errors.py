"""Errors a user can act on: each names the field, the value, the allowed range and the unit."""

from __future__ import annotations


class NeedlesimError(Exception):
    """Base class of every error needlesim raises on purpose."""


class InputError(NeedlesimError, ValueError):
    """Bad input: one or more fields out of range, of the wrong kind, or unknown.

    ``problems`` holds one dict per problem with the keys ``field``, ``value``,
    ``allowed`` and ``unit`` so that a web service can return them as JSON.
    """

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__("\n".join(format_problem(p) for p in problems))


def format_problem(problem: dict) -> str:
    unit = f" [{problem['unit']}]" if problem.get("unit") else ""
    return (
        f"{problem['field']}: got {problem['value']!r}{unit}; "
        f"allowed: {problem['allowed']}"
    )


def input_error(field: str, value, allowed: str, unit: str = "") -> InputError:
    return InputError([{"field": field, "value": value, "allowed": allowed, "unit": unit}])
