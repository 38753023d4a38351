"""Turn pydantic's validation errors into needlesim's field / value / allowed / unit problems."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from needlesim.scenario.fields import RANGE_ERROR

# The unit a key is read in, from the suffix of its name.
UNIT_SUFFIXES = {
    "_mm": "mm", "_days": "day", "_hours": "hour", "_min": "minute", "_years": "year", "_cm2": "cm2",
    "_cm_s": "cm/s", "_ul_per_cm2": "uL/cm2",
}

# pydantic's wording for a value of the wrong kind, said in terms of a TOML file.
_KINDS = {
    "string_type": "text in quotes",
    "int_type": "a whole number such as 4 (without quotes)",
    "float_type": "a number such as 0.5 (without quotes)",
    "bool_type": "true or false (a TOML boolean, without quotes)",
    "list_type": "a list in brackets, e.g. [30, 90]",
    "model_type": "a table of keys",
    "model_attributes_type": "a table of keys",
    "dict_type": "a table of keys",
}

_BOUNDS = {
    "greater_than_equal": ("ge", ">= {}"),
    "greater_than": ("gt", "> {}"),
    "less_than_equal": ("le", "<= {}"),
    "less_than": ("lt", "< {}"),
}


def _unit_of(field: str) -> str:
    name = field.rsplit(".", 1)[-1].split("[")[0]
    for suffix, unit in UNIT_SUFFIXES.items():
        if name.endswith(suffix):
            return unit
    return ""


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model class that owns the last key of ``loc`` (for key suggestions)."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        candidates = [a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)]
        if not candidates:
            return None
        current = candidates[0]
    return current


def _range_text(field_info) -> str:
    low = high = None
    for meta in field_info.metadata:
        for name in ("ge", "gt"):
            if getattr(meta, name, None) is not None:
                low = (name, getattr(meta, name))
        for name in ("le", "lt"):
            if getattr(meta, name, None) is not None:
                high = (name, getattr(meta, name))
    parts = []
    if low:
        parts.append(f"{'>=' if low[0] == 'ge' else '>'} {low[1]}")
    if high:
        parts.append(f"{'<=' if high[0] == 'le' else '<'} {high[1]}")
    return " and ".join(parts)


def problems_from(error: ValidationError, root: type[BaseModel]) -> list[dict]:
    problems = []
    for item in error.errors():
        kind = item["type"]
        ctx = item.get("ctx") or {}
        loc = tuple(item["loc"]) + (tuple(ctx.get("at") or ()) if kind == RANGE_ERROR else ())
        field = _path(loc)
        value = item.get("input")
        unit = _unit_of(field)
        if kind == RANGE_ERROR:
            allowed, unit = ctx["allowed"], ctx.get("unit") or unit
            value = ctx.get("value", value)
        elif kind in _BOUNDS:
            owner = _model_at(root, loc)
            info = owner.model_fields.get(loc[-1]) if owner else None
            allowed = _range_text(info) if info else _BOUNDS[kind][1].format(ctx.get(_BOUNDS[kind][0]))
        elif kind == "extra_forbidden":
            owner = _model_at(root, loc)
            keys = sorted(owner.model_fields) if owner else []
            close = difflib.get_close_matches(str(loc[-1]), keys, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            allowed = "a known key: " + ", ".join(keys) + hint
            value = f"unknown key {loc[-1]!r}"
            unit = ""
        elif kind == "missing":
            allowed = "a value (this key is required)"
            value = None
        elif kind == "literal_error":
            allowed = "one of " + ctx.get("expected", "")
        elif kind in _KINDS:
            allowed = _KINDS[kind]
            unit = ""
        else:
            allowed = item["msg"]
        problems.append({"field": field, "value": value, "allowed": allowed, "unit": unit})
    return problems
