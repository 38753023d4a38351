"""Third-party browser code served from installed Python packages, so that the dashboard
and the API docs work without the internet: Plotly for the dashboard's charts, Swagger UI
for ``/docs``.

Only the files listed here are served; each is found inside its package at start-up.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

router = APIRouter(include_in_schema=False)
# The files change only with the installed package's version: browsers may keep them a day.
CACHE = {"Cache-Control": "public, max-age=86400"}
# url name: (package, path inside it, media type). fastapi-offline bundles Swagger UI 5,
# which reads OpenAPI 3.1 (the version FastAPI writes); Swagger UI 4 cannot.
VENDOR = {
    "plotly.min.js": ("plotly", "package_data/plotly.min.js", "text/javascript"),
    "swagger-ui-bundle.js": ("fastapi_offline", "static/swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": ("fastapi_offline", "static/swagger-ui.css", "text/css"),
    "swagger-favicon.png": ("fastapi_offline", "static/favicon.png", "image/png"),
}
PREFIX = "/static/vendor/"


def vendor_file(name: str):
    package, path, _ = VENDOR[name]
    return resources.files(package).joinpath(path)


@router.get(PREFIX + "{name}")
def vendor(name: str):
    if name not in VENDOR:  # a fixed list: nothing else is ever read
        raise HTTPException(404, f"no file {name}")
    path = vendor_file(name)
    if not path.is_file():
        raise HTTPException(404, f"{name} is missing from its package {VENDOR[name][0]}")
    return FileResponse(str(path), media_type=VENDOR[name][2], headers=CACHE)


@router.get("/docs")
def docs():
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="needlesim API",
        swagger_js_url=PREFIX + "swagger-ui-bundle.js",
        swagger_css_url=PREFIX + "swagger-ui.css",
        swagger_favicon_url=PREFIX + "swagger-favicon.png",
        # no badge fetched from the public validator: the page stays on this server
        swagger_ui_parameters={"validatorUrl": None},
    )
