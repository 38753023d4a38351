"""The dashboard page, its static files, the catalogue options and a health check."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from needlesim import RESEARCH_USE, __version__

router = APIRouter()
STATIC = {"app.js": "text/javascript", "table.js": "text/javascript", "charts.js": "text/javascript",
          "style.css": "text/css", "index.html": "text/html"}
# Scripts only from this server. Plotly styles its charts with inline styles and rules it
# adds at run time, hence 'unsafe-inline' for styles (never for scripts).
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "frame-src 'self'")


def _static(name: str) -> bytes:
    return (resources.files("needlesim.web") / "static" / name).read_bytes()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard():
    return HTMLResponse(_static("index.html"), headers={"Content-Security-Policy": PAGE_CSP})


@router.get("/static/{name}", include_in_schema=False)
def static(name: str):
    if name not in STATIC:  # a fixed list: nothing else is ever read
        raise HTTPException(404, f"no file {name}")
    return Response(_static(name), media_type=STATIC[name])


@router.get("/api/health", tags=["service"])
def health(request: Request) -> dict:
    store = request.app.state.store
    return {"status": "ok", "version": __version__, "queued": store.count("queued"),
            "running": store.count("running"), "workers": request.app.state.settings.workers}


@router.get("/api/options", tags=["service"])
def options(request: Request) -> dict:
    """What the dashboard's menus offer: sites, devices, serums, conditions, limits."""
    from needlesim.parameters.actives import known_actives
    from needlesim.parameters.devices import known_devices
    from needlesim.scenario.model import CONDITIONS, PRESSURES, SCAR_TYPES

    params, settings = request.app.state.params, request.app.state.settings
    return {
        "research_use": RESEARCH_USE,
        "sites": list(params.sites),
        "devices": list(known_devices(params)),
        "serums": sorted(known_actives()),
        "conditions": list(CONDITIONS),
        "scar_types": list(SCAR_TYPES),
        "pressures": list(PRESSURES),
        "limits": {"max_simulation_size_cm2_passes": settings.max_simulation_size,
                   "max_body_bytes": settings.max_body_bytes},
    }
