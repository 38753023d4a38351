"""The body of ``POST /api/runs``: JSON text to a plain dict, or the problems with it.

Python's JSON reader accepts NaN, Infinity and -Infinity (and reads 1e999 as infinity),
and text with half of a UTF-16 pair ("\udcff"). No quantity of a scenario can be infinite
or NaN, strict JSON cannot return them and UTF-8 cannot encode such text, so both are
refused here with the field that holds them.
"""

from __future__ import annotations

import json

from fastapi import Request

from needlesim.errors import InputError, input_error
from needlesim.scenario.problems import UNIT_SUFFIXES
from needlesim.web.echo import non_finite_numbers, short_text

JSON_TYPES = ("application/json",)


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return not media or media in JSON_TYPES or media.endswith("+json")


def _unit_of(field: str) -> str:
    name = field.rsplit(".", 1)[-1].split("[")[0]
    return next((unit for suffix, unit in UNIT_SUFFIXES.items() if name.endswith(suffix)), "")


def _problem(field: str, value) -> dict:
    if isinstance(value, str):
        return {"field": field, "value": value, "allowed": "valid Unicode text", "unit": ""}
    return {"field": field, "value": value, "unit": _unit_of(field),
            "allowed": "a finite number (JSON has no NaN or Infinity)"}


async def scenario_body(request: Request):
    """The parsed body; raises InputError (answered with 422) when it cannot be a scenario."""
    content_type = request.headers.get("content-type", "")
    if not _is_json(content_type):
        raise input_error("request body", f"content type {content_type}", "application/json")
    raw = await request.body()
    try:
        data = json.loads(raw)
    except RecursionError:
        raise input_error("request body", "JSON nested too deeply", "a JSON object") from None
    except ValueError as exc:  # also bad UTF-8 (UnicodeDecodeError is a ValueError)
        raise input_error("request body", "not valid JSON",
                          f"a JSON object ({short_text(str(exc), 120)})") from None
    bad = non_finite_numbers(data, root="request body", text=True)
    if bad:
        raise InputError([_problem(field, value) for field, value in bad])
    return data
