"""Ctrl-C and SIGTERM held while something that must be cleaned up is made or undone.

A Python signal handler raises at the next bytecode, which may fall between making a
resource (a staging folder, a Dask cluster) and the ``try`` whose clean-up would remove it,
or in the middle of that clean-up. For such a block the handlers are swapped for one that
only notes the signal, and the noted signal is handed to the original handler as the block
ends. (Masking the signal at the operating system's level would not do: the kernel then
hands it to another thread of the process, and Python still runs its handler.)
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the block runs and reach their handlers as it ends
    (in the main thread; elsewhere Python cannot change handlers and the block runs as is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    previous = {number: signal.signal(number, lambda number, frame: noted.append(number))
                for number in HELD}
    try:
        yield
    finally:
        for number, handler in previous.items():  # None: set outside Python, left as default
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        if noted:
            _deliver(noted[0], previous[noted[0]])


def _deliver(number: int, handler) -> None:
    """Hand a noted signal to the handler it would have reached."""
    if callable(handler):
        handler(number, None)  # Python's Ctrl-C handler raises KeyboardInterrupt here
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), number)  # the default action: the process ends
