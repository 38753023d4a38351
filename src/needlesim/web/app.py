"""Build the FastAPI app: store, worker pool, limits, error handlers and routes."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from needlesim import RESEARCH_USE, __version__
from needlesim.web import errors
from needlesim.web.config import Settings
from needlesim.web.datadir import DataDirLock, remove_stale_staging
from needlesim.web.limits import BodySizeLimit
from needlesim.web.pool import WorkerPool
from needlesim.web.store import JobStore


def create_app(settings: Settings, lock: DataDirLock | None = None) -> FastAPI:
    """``lock``: the data folder's lock when the caller took it already (``needlesim serve``
    does, to refuse a second server before anything starts)."""
    from needlesim.parameters import default_parameters

    store = JobStore(settings.database)
    lock = lock or DataDirLock(settings.data_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        lock.acquire()
        store.requeue_running()  # jobs cut short by a previous server run again
        remove_stale_staging(settings.runs_dir)  # their half-written report folders
        pool = WorkerPool(settings, store)
        if settings.workers > 0:
            pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            pool.stop()
            lock.release()

    app = FastAPI(
        title="needlesim",
        version=__version__,
        description="Simulate microneedling from the needles to the skin. " + RESEARCH_USE,
        lifespan=lifespan,
        docs_url=None,  # served by routes_assets from an installed package, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.params = default_parameters()
    errors.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    @app.middleware("http")
    async def security_headers(request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    # Imported here, once: request threads importing the report package for the first time
    # at the same moment can find it half-initialised (its modules import each other).
    import needlesim.report.figures  # noqa: F401
    import needlesim.web.summary_view  # noqa: F401
    from needlesim.web import routes_assets, routes_files, routes_pages, routes_runs
    from needlesim.web.scenario_schema import publish

    app.include_router(routes_pages.router)
    app.include_router(routes_assets.router)
    app.include_router(routes_runs.router)
    app.include_router(routes_files.router)
    publish(app, app.state.params)
    return app
