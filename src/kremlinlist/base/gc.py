"""Cyclic garbage collection paused while many small objects are built."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc():
    """No cyclic garbage collection while tens of thousands of small acyclic objects are built
    (each collection would rescan them all); reference counting still frees them."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
