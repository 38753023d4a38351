"""``needlesim serve``: run the web service with uvicorn."""

from __future__ import annotations

import ipaddress
import sys

LOOPBACK = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int, data_dir: str, workers: int, max_simulation_size: float) -> int:
    import uvicorn

    from needlesim.web import Settings, create_app

    if not is_loopback(host):
        print(f"needlesim serve: warning: listening on {host}; the service has no "
              "authentication, anyone who reaches this address can run simulations",
              file=sys.stderr)
    from needlesim.web.datadir import DataDirBusy, DataDirLock

    settings = Settings.make(data_dir, workers=workers, max_simulation_size=max_simulation_size)
    # Taken before uvicorn starts: a refusal is then one line, not a failed start-up's trace.
    lock = DataDirLock(settings.data_dir)
    try:
        lock.acquire()
    except DataDirBusy as exc:
        print(f"needlesim serve: {exc}", file=sys.stderr)
        return 2
    app = create_app(settings, lock=lock)
    print(f"needlesim serve: data in {settings.data_dir}, {workers} worker(s)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
    return 0
