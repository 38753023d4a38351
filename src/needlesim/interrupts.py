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
import sys
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


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that clean-up code runs as for Ctrl-C."""


# Signals whose exception a command's handler raised. Python ignores an exception raised
# inside a ctypes callback (Numba's compiler calls back into Python) or a finalizer, and the
# code would then go on as if never interrupted: the command's checkpoints raise it again.
_raised: list[int] = []


def _exception(number: int) -> BaseException:
    return KeyboardInterrupt() if number == signal.SIGINT else Terminated()


def raise_interrupt(number: int, frame) -> None:
    """A command's handler of Ctrl-C and SIGTERM: KeyboardInterrupt or Terminated, noted."""
    _raised.append(number)
    raise _exception(number)


def checkpoint() -> None:
    """Raise again an interrupt whose exception was lost (see ``_raised``)."""
    if _raised:
        raise _exception(_raised[0])


def forget() -> None:
    """The interrupt reached the command's top: nothing is pending any more."""
    _raised.clear()


def unraisable_hook(unraisable) -> None:
    """``sys.unraisablehook`` for a command: an interrupt Python had to ignore is not
    printed (a checkpoint raises it again); anything else is, as Python would."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt | Terminated) and _raised:
        return
    sys.__unraisablehook__(unraisable)
