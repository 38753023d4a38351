"""Error responses: every error is short JSON, never a stack trace.

Invalid input answers 422 with ``problems``: a list of {field, value, allowed, unit}, the
same records as :class:`needlesim.errors.InputError` (and the CLI's messages), with what
they echo made short and strict JSON (echo.py). A 405 names every method of its path.
"""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from needlesim.errors import InputError
from needlesim.web.echo import clean_problems

log = logging.getLogger("needlesim.web")

INTERNAL = "internal server error"


def problems_response(problems: list[dict]) -> JSONResponse:
    # echoed values are cut and non-finite numbers spelled out: the answer is always JSON
    return JSONResponse({"error": "invalid input", "problems": clean_problems(problems)},
                        status_code=422)


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


PROBED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> str:
    """Every method some route answers on this path. Starlette's own 405 names only the
    methods of the first route whose path matched, and GET and POST /api/runs are two.
    Asking each route whether it takes the path with each method needs only the routes'
    public ``matches``, whether they sit in the app or in included routers."""
    allowed = []
    for method in PROBED_METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


async def on_http_error(request: Request, exc: HTTPException) -> JSONResponse:
    body = exc.detail if isinstance(exc.detail, dict) else {"error": str(exc.detail)}
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request) or headers.get("Allow", "")
    return JSONResponse(body, status_code=exc.status_code, headers=headers or None)


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
