"""`base.parallel.in_child`: a result computed in a forked child, which a caller that no longer
wants it (the site, when the month's release is refused) stops instead of waiting for."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest
from factory import running
import waiting

from kremlinlist.base import parallel
from kremlinlist.base.signals import signals_end_the_block


def _blocks_then_tells(gate: int, told: int) -> str:
    os.write(told, b"at the gate\n")
    os.read(gate, 1)  # nothing is written to the gate while it lives: it waits here until killed
    os.write(told, b"ran")
    return "done"


def _answer() -> int:
    return 42


@pytest.mark.skipif(not hasattr(os, "fork") or parallel.cores() < 2, reason="no second core")
def test_a_cancelled_child_is_stopped_and_reaped():
    gate, keep_open = os.pipe()
    heard, told = os.pipe()
    try:
        child = parallel.in_child(lambda: _blocks_then_tells(gate, told))
        os.close(told)  # the child's is now the only writing end
        pid = child._pid
        assert waiting.line(heard, "the child never reached the gate", pid) == "at the gate"
        assert pid and os.waitpid(pid, os.WNOHANG) == (0, 0)  # running, blocked on the gate
        child.cancel()
        with pytest.raises(ChildProcessError):  # reaped: no such child any more
            os.waitpid(pid, os.WNOHANG)
        os.write(keep_open, b"x")  # had it lived, it would now tell
        assert waiting.to_the_end(heard, "a writing end of the pipe outlived the child") == b""
        child.cancel()  # twice is harmless
    finally:
        for fd in (gate, keep_open, heard):
            os.close(fd)


def test_a_childs_result_is_read_once_and_kept():
    child = parallel.in_child(_answer)
    assert child() == 42 and child() == 42
    child.cancel()  # after the result: nothing to stop
    assert child() == 42


def _starts_a_worker_then_blocks(gate: int, keep_open: int, told: int) -> str:
    os.close(keep_open)  # so that, should they outlive the test, its close ends them
    worker = os.fork()
    if worker == 0:  # a worker of the child's own, as fork_map starts
        os.read(gate, 1)
        os._exit(0)
    os.write(told, b"%d\n" % worker)
    os.read(gate, 1)
    return "done"


@contextlib.contextmanager
def _child_with_a_worker(gate: int, keep_open: int) -> Iterator[tuple]:
    """A child blocked on `gate`, and the pid of the worker it started, once it told it."""
    heard, told = os.pipe()
    try:
        child = parallel.in_child(lambda: _starts_a_worker_then_blocks(gate, keep_open, told))
        worker = waiting.line(heard, "the child never told its worker", child._pid)
        assert worker is not None, "the child ended before it started its worker"
        yield child, int(worker)
    finally:
        os.close(heard)
        os.close(told)


@pytest.mark.skipif(not os.path.isdir("/proc") or parallel.cores() < 2, reason="no /proc or core")
def test_cancel_stops_the_workers_the_child_started_too():
    gate, keep_open = os.pipe()
    try:
        with _child_with_a_worker(gate, keep_open) as (child, worker):
            assert running(worker)
            child.cancel()
            # SIGKILL is delivered at once; the kernel may take a moment to end it
            waiting.ended(worker, "the worker outlived the cancelled child")
            with pytest.raises(RuntimeError):
                child()
    finally:
        os.close(gate)
        os.close(keep_open)


@pytest.mark.skipif(not os.path.isdir("/proc") or parallel.cores() < 2, reason="no /proc or core")
def test_an_interrupted_wait_stops_the_child_and_its_workers():
    """Ctrl-C while the result is awaited: the child (in a group of its own, so the terminal's
    signal never reaches it) and its workers are stopped, not waited for to the end."""
    gate, keep_open = os.pipe()

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    released: list[bool] = []

    def release() -> None:  # should the wait hang on the child, end the test instead of hanging
        released.append(True)
        os.write(keep_open, b"xx")

    old = signal.signal(signal.SIGALRM, interrupt)
    watchdog = threading.Timer(20, release)
    try:
        with _child_with_a_worker(gate, keep_open) as (child, worker):
            alarm = threading.Thread(target=_alarm_once_reading, daemon=True,
                                     args=(threading.get_native_id(), child._pipe))
            watchdog.start()
            alarm.start()
            with pytest.raises(KeyboardInterrupt):
                child()  # blocks on the gate until the alarm interrupts the wait
            alarm.join()
            # SIGKILL is delivered at once; the kernel may take a moment to end it
            waiting.ended(worker, "the worker outlived the interrupted wait")
            assert not released, "the interrupted wait waited for the child to finish"
    finally:
        watchdog.cancel()
        signal.signal(signal.SIGALRM, old)
        os.close(gate)
        os.close(keep_open)


def _alarm_once_reading(tid: int, fd: int) -> None:
    """SIGALRM to the main thread (`tid`) once it waits in a read of `fd`, the child's result:
    sooner, it would come before the wait, not interrupt it. Where /proc cannot tell, after a
    fifth of a second, which the wait is all but sure to have begun by."""
    if waiting.blocked_reading(tid, fd) is None:
        time.sleep(0.2)
    else:
        waiting.until(lambda: waiting.blocked_reading(tid, fd), "the wait never read the result")
    signal.pthread_kill(threading.main_thread().ident, signal.SIGALRM)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_a_child_forked_inside_the_signal_block_ends_on_the_signal_as_by_default():
    """A pool ends its workers with SIGTERM: forked inside `signals_end_the_block`, they must
    die of it quietly, not raise the parent's Terminated (a traceback on the terminal)."""
    with signals_end_the_block():
        pid = os.fork()
        if pid == 0:
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)
            finally:
                os._exit(3)  # reached only if the signal was turned into an exception
        _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM
