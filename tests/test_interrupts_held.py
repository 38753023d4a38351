"""Signals held for a block reach their handlers as it ends, whichever thread the kernel
hands them to, and the handlers are put back."""

import os
import signal
import threading
import time

import pytest

from needlesim.interrupts import signals_held


def _ctrl_c_inside_a_block() -> list[str]:
    steps = []
    with pytest.raises(KeyboardInterrupt):
        with signals_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # a handler in place would have raised by now
            steps.append("block ran to its end")
    return steps


def test_ctrl_c_inside_the_block_is_raised_as_it_ends():
    before = signal.getsignal(signal.SIGINT)
    assert _ctrl_c_inside_a_block() == ["block ran to its end"]
    assert signal.getsignal(signal.SIGINT) is before


def test_held_with_another_thread_running():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert _ctrl_c_inside_a_block() == ["block ran to its end"]
    finally:
        stop.set()
        other.join()


def test_nothing_noted_nothing_raised():
    with signals_held():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
