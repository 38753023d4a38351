"""Error responses: every error is short JSON, never a stack trace.

Invalid input answers 422 with ``problems``: a list of {field, value, allowed, unit}, the
same records as :class:`needlesim.errors.InputError` (and the CLI's messages).
"""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from needlesim.errors import InputError

log = logging.getLogger("needlesim.web")

INTERNAL = "internal server error"


def _safe(value):
    try:
        return jsonable_encoder(value)
    except Exception:
        return repr(value)[:200]


def problems_response(problems: list[dict]) -> JSONResponse:
    clean = [
        {key: _safe(problem.get(key, "")) for key in ("field", "value", "allowed", "unit")}
        for problem in problems
    ]
    return JSONResponse({"error": "invalid input", "problems": clean}, status_code=422)


def _field(loc) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "path", "query", "header"):
        parts = parts[1:] or parts
    return ".".join(parts) or "request"


async def on_input_error(request: Request, exc: InputError) -> JSONResponse:
    return problems_response(exc.problems)


async def on_request_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            problems.append({"field": "request body", "value": "not valid JSON",
                             "allowed": f"a JSON object ({error.get('ctx', {}).get('error', '')})",
                             "unit": ""})
            continue
        problems.append({"field": _field(error.get("loc", ())), "value": error.get("input"),
                         "allowed": error.get("msg", "a valid value"), "unit": ""})
    return problems_response(problems)


async def on_http_error(request: Request, exc: HTTPException) -> JSONResponse:
    body = exc.detail if isinstance(exc.detail, dict) else {"error": str(exc.detail)}
    return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))


async def on_any_error(request: Request, exc: Exception) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    log.error("unhandled error %s on %s %s", reference, request.method, request.url.path,
              exc_info=exc)
    return JSONResponse({"error": INTERNAL, "reference": reference}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(InputError, on_input_error)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_any_error)
