"""Termination signals turned into an exception for a while, so that `finally` blocks run."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def signals_end_the_block() -> Iterator[None]:
    """While a private block is open in a file, SIGTERM, SIGHUP and SIGQUIT (a closed terminal,
    a logout, `kill`) end the process through SystemExit (128 + the signal, as a shell reports
    it), so a `finally` wipes the file; without this they end it at once and leave the file
    behind. The old handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the app still wipes on any exception
        return
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT")
              if hasattr(signal, name)]

    def end(signum: int, _frame: object) -> None:
        for other in wanted:  # a second signal must not cut the wiping short
            signal.signal(other, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    old = {signum: signal.signal(signum, end) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
