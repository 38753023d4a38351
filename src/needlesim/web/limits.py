"""Bounds on what one request may ask: body size and simulation size."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from needlesim.constants import CM2_M2
from needlesim.errors import InputError
from needlesim.web.config import MAX_REPORT_DAYS


class BodySizeLimit:
    """ASGI middleware: 413 for a body larger than ``max_bytes``, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, send: Send, status: int, message: str) -> None:
        body = json.dumps({"error": message}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"request body larger than {self.max_bytes} bytes"
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await self._reject(send, 400, "invalid Content-Length")
                return
            if length > self.max_bytes:
                await self._reject(send, 413, too_large)
                return
        received = 0

        async def limited() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, too_large)
            return message

        await self.app(scope, limited, send)


def simulation_size(scenario, params) -> float:
    """Treated area [cm2] x passes, summed over the sessions: what a run's cost scales with."""
    from needlesim.scenario import session_plan
    from needlesim.workload import treated_area_m2

    return sum(treated_area_m2(s, scenario, params) / CM2_M2 * s.passes
               for s in session_plan(scenario.protocol))


def check_size(scenario, params, max_size: float) -> None:
    problems = []
    size = simulation_size(scenario, params)
    if size > max_size:
        problems.append({
            "field": "protocol",
            "value": round(size, 1),
            "allowed": f"treated area x passes summed over the sessions at most {max_size:g} "
                       "(set protocol.area_cm2, passes or sessions lower)",
            "unit": "cm2",
        })
    days = scenario.output.report_days
    if len(days) > MAX_REPORT_DAYS:
        problems.append({"field": "output.report_days", "value": len(days),
                         "allowed": f"at most {MAX_REPORT_DAYS} days", "unit": "day"})
    if scenario.transport.resolution != "reduced":
        # the 3D patch takes seconds to minutes per session: the command line runs it
        problems.append({"field": "transport.resolution", "value": scenario.transport.resolution,
                         "allowed": "'reduced' on this service (`needlesim run` solves the 3D patch)",
                         "unit": ""})
    if problems:
        raise InputError(problems)
    from needlesim.workload import check_workload

    check_workload(scenario, params)  # the same memory budget as the command line
