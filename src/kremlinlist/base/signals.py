"""Termination signals turned into an exception for a while, so that `finally` blocks run; the
command line turns the exception into the exit code a shell reports for the signal."""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import Iterator


# The signals that end a process unasked: `kill`, a closed terminal or a logout, and quit.
ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT")
               if hasattr(signal, name))


class Terminated(BaseException):
    """SIGTERM, SIGHUP or SIGQUIT arrived inside `signals_end_the_block` (a BaseException, so
    that no `except Exception` takes it for an error to handle)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def signals_end_the_block() -> Iterator[None]:
    """While the block runs, SIGTERM, SIGHUP and SIGQUIT (a closed terminal, a logout, `kill`)
    raise `Terminated`, so its `finally` clauses run (say, wiping an opened private block);
    without this they end the process at once. The old handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    owner = os.getpid()

    def end(signum: int, _frame: object) -> None:
        if os.getpid() != owner:  # a forked child or worker (a pool ends its workers so): the
            signal.signal(signum, signal.SIG_DFL)  # signal's own end, quietly, as before
            os.kill(os.getpid(), signum)
            return
        for other in ENDING:  # a second signal must not cut the wiping short
            signal.signal(other, signal.SIG_IGN)
        raise Terminated(signum)

    old = {signum: signal.signal(signum, end) for signum in ENDING}
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
