"""Build the FastAPI app: store, worker pool, limits, error handlers and routes."""

from __future__ import annotations

import fcntl
import os
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from needlesim import RESEARCH_USE, __version__
from needlesim.web import errors
from needlesim.web.config import Settings
from needlesim.web.limits import BodySizeLimit
from needlesim.web.pool import WorkerPool
from needlesim.web.store import JobStore


class DataDirLock:
    """One server per data folder: its start-up puts the previous server's running jobs back
    in the queue, which is only safe when no other server's workers are running them."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / "server.lock"
        self.handle = None

    def acquire(self) -> None:
        self.handle = open(self.path, "a+")  # noqa: SIM115
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise RuntimeError(f"another needlesim server uses {self.path.parent}") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(str(os.getpid()))
        self.handle.flush()

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def create_app(settings: Settings) -> FastAPI:
    from needlesim.parameters import default_parameters

    store = JobStore(settings.database)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        lock = DataDirLock(settings.data_dir)
        lock.acquire()
        store.requeue_running()  # jobs cut short by a previous server run again
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

    from needlesim.web import routes_files, routes_pages, routes_runs

    app.include_router(routes_pages.router)
    app.include_router(routes_runs.router)
    app.include_router(routes_files.router)
    return app
