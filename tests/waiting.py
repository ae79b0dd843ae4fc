"""Waits on the event itself (a line on a pipe or fifo, a process's end, a thread blocked in a
read), not for a fixed time: fast on an idle machine, still right on a loaded one. Each has an
overall limit that only a failure reaches, and then fails the test instead of hanging it."""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")

LIMIT = 60.0  # seconds; a failure's, never a passing run's


def until(ready: Callable[[], T], what: str, limit: float = LIMIT) -> T:
    """`ready()`'s first true value, asked again after 1 ms, then less and less often (up to
    every 20 ms): for a state nothing reports as it changes (a file in a folder, /proc)."""
    deadline, pause = time.monotonic() + limit, 0.001
    while not (value := ready()):
        if time.monotonic() > deadline:
            pytest.fail(f"waited {limit:.0f} s: {what}")
        time.sleep(pause)
        pause = min(pause * 2, 0.02)
    return value


@contextlib.contextmanager
def _pidfd(pid: int) -> Iterator[int | None]:
    """A descriptor that becomes readable when `pid` (any process, not only a child) ends;
    None when it has already ended and been reaped, -1 where the system has no pidfd."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        yield None
        return
    except (AttributeError, OSError):  # no pidfd (Linux < 5.3, not Linux): asked in /proc
        yield -1
        return
    try:
        yield fd
    finally:
        os.close(fd)


def _gone(pid: int) -> bool:
    """Ended: no such process, or a zombie not reaped yet."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z"
    except OSError:
        return True


def asleep(pid: int) -> bool:
    """Whether the process `pid` sleeps in a system call (a read of its terminal, say) rather
    than runs; True where /proc cannot tell."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "S"
    except OSError:
        return True


def ended(pid: int, what: str, limit: float = LIMIT) -> None:
    """Wait until the process `pid` has ended (a zombie has)."""
    with _pidfd(pid) as fd:
        if fd is None:
            return
        if fd < 0:
            until(lambda: _gone(pid), what, limit)
        elif not select.select([fd], [], [], limit)[0]:
            pytest.fail(f"waited {limit:.0f} s: {what}")


def exited(proc: subprocess.Popen, what: str, limit: float = LIMIT) -> int:
    """`proc`'s exit code, once it ends (Popen.wait(timeout=) would poll it, sleeping)."""
    if proc.returncode is None:
        ended(proc.pid, what, limit)
    return proc.wait()


def line(fd: int, what: str, unless: int | None = None, limit: float = LIMIT) -> str | None:
    """The next line written into the pipe or fifo `fd`, or None if the process `unless` ends
    first. The caller keeps a writing end open too, so that no end of file comes early."""
    deadline, got = time.monotonic() + limit, b""
    with _pidfd(unless) if unless is not None else contextlib.nullcontext(-1) as proc_fd:
        if proc_fd is None:
            return None
        watched = [fd] + ([proc_fd] if proc_fd >= 0 else [])
        while b"\n" not in got:
            readable = select.select(watched, [], [], max(0.0, deadline - time.monotonic()))[0]
            if not readable:
                pytest.fail(f"waited {limit:.0f} s: {what}")
            if fd in readable:
                got += os.read(fd, 65536)
            elif proc_fd in readable:
                return None
    return got.decode("utf-8").partition("\n")[0]


def to_the_end(fd: int, what: str, limit: float = LIMIT) -> bytes:
    """What is written into the pipe `fd` until no process holds a writing end any more (b"":
    none that lived wrote anything)."""
    deadline, got = time.monotonic() + limit, b""
    while select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
        chunk = os.read(fd, 65536)
        if not chunk:
            return got
        got += chunk
    pytest.fail(f"waited {limit:.0f} s: {what}")


@contextlib.contextmanager
def fifo(path: Path) -> Iterator[int]:
    """A fifo at `path` that a process can open and write a line into, and the end to read it
    from (see `line`): both ends are held open here, so a writer's open never blocks and a
    writer's close is no end of file."""
    os.mkfifo(path, 0o600)
    read_end = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    write_end = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    try:
        yield read_end
    finally:
        os.close(write_end)
        os.close(read_end)


def blocked_reading(tid: int, fd: int) -> bool | None:
    """Whether the thread `tid` of this process sleeps in a system call on `fd` (a read of a
    pipe: /proc gives the call's first argument, which is the descriptor); None where /proc
    cannot tell."""
    base = f"/proc/self/task/{tid}"
    try:
        with open(f"{base}/syscall", encoding="ascii") as f:
            call = f.read().split()
        with open(f"{base}/stat", encoding="ascii") as f:
            state = f.read().rpartition(")")[2].split()[0]
    except OSError:
        return None
    return state == "S" and len(call) > 1 and call[0] != "running" and int(call[1], 16) == fd


def _session_alive(sid: int) -> list[int]:
    """The processes of session `sid` that have not ended."""
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(int(entry))
    return alive


def session_over(sid: int, what: str, limit: float = LIMIT) -> None:
    """Wait until no process of session `sid` runs (a command started in a session of its own,
    and whatever it forked, however reparented)."""
    until(lambda: not _session_alive(sid), what, limit)
