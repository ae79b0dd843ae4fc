"""`base.parallel.in_child`: a result computed in a forked child, which a caller that no longer
wants it (the site, when the month's release is refused) stops instead of waiting for."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from factory import running

from kremlinlist.base import parallel
from kremlinlist.base.signals import signals_end_the_block


def _blocks_then_writes(gate: int, marker: str) -> str:
    os.read(gate, 1)  # nothing is ever written to the gate: the child waits here until killed
    with open(marker, "w", encoding="utf-8") as f:
        f.write("ran")
    return "done"


def _answer() -> int:
    return 42


@pytest.mark.skipif(not hasattr(os, "fork") or parallel.cores() < 2, reason="no second core")
def test_a_cancelled_child_is_stopped_and_reaped(tmp_path):
    gate, keep_open = os.pipe()
    marker = tmp_path / "marker"
    try:
        child = parallel.in_child(lambda: _blocks_then_writes(gate, str(marker)))
        pid = child._pid
        assert pid and os.waitpid(pid, os.WNOHANG) == (0, 0)  # running, blocked on the gate
        child.cancel()
        with pytest.raises(ChildProcessError):  # reaped: no such child any more
            os.waitpid(pid, os.WNOHANG)
        os.write(keep_open, b"x")  # had it lived, it would now write the marker
        time.sleep(0.05)
        assert not marker.exists()
        child.cancel()  # twice is harmless
    finally:
        os.close(gate)
        os.close(keep_open)


def test_a_childs_result_is_read_once_and_kept():
    child = parallel.in_child(_answer)
    assert child() == 42 and child() == 42
    child.cancel()  # after the result: nothing to stop
    assert child() == 42


def _starts_a_worker_then_blocks(gate: int, keep_open: int, pid_file: str) -> str:
    os.close(keep_open)  # so that, should they outlive the test, its close ends them
    worker = os.fork()
    if worker == 0:  # a worker of the child's own, as fork_map starts
        os.read(gate, 1)
        os._exit(0)
    with open(pid_file, "w", encoding="utf-8") as f:
        f.write(str(worker))
    os.read(gate, 1)
    return "done"


def _child_with_a_worker(gate: int, keep_open: int, pid_file) -> tuple:
    """A child blocked on `gate`, and the pid of the worker it started, once it wrote it."""
    child = parallel.in_child(lambda: _starts_a_worker_then_blocks(gate, keep_open, str(pid_file)))
    for _ in range(500):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.01)
    return child, int(pid_file.read_text())


@pytest.mark.skipif(not os.path.isdir("/proc") or parallel.cores() < 2, reason="no /proc or core")
def test_cancel_stops_the_workers_the_child_started_too(tmp_path):
    gate, keep_open = os.pipe()
    pid_file = tmp_path / "worker"
    try:
        child, worker = _child_with_a_worker(gate, keep_open, pid_file)
        assert running(worker)
        child.cancel()
        for _ in range(100):  # SIGKILL is delivered at once; the kernel may take a moment
            if not running(worker):
                break
            time.sleep(0.01)
        assert not running(worker)
        with pytest.raises(RuntimeError):
            child()
    finally:
        os.close(gate)
        os.close(keep_open)


@pytest.mark.skipif(not os.path.isdir("/proc") or parallel.cores() < 2, reason="no /proc or core")
def test_an_interrupted_wait_stops_the_child_and_its_workers(tmp_path):
    """Ctrl-C while the result is awaited: the child (in a group of its own, so the terminal's
    signal never reaches it) and its workers are stopped, not waited for to the end."""
    gate, keep_open = os.pipe()
    pid_file = tmp_path / "worker"

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    released: list[bool] = []

    def release() -> None:  # should the wait hang on the child, end the test instead of hanging
        released.append(True)
        os.write(keep_open, b"xx")

    old = signal.signal(signal.SIGALRM, interrupt)
    watchdog = threading.Timer(20, release)
    try:
        child, worker = _child_with_a_worker(gate, keep_open, pid_file)
        watchdog.start()
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(KeyboardInterrupt):
            child()  # blocks on the gate until the alarm interrupts the wait
        for _ in range(100):  # SIGKILL is delivered at once; the kernel may take a moment
            if not running(worker):
                break
            time.sleep(0.01)
        assert not running(worker)
        assert not released, "the interrupted wait waited for the child to finish"
    finally:
        watchdog.cancel()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        os.close(gate)
        os.close(keep_open)


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
