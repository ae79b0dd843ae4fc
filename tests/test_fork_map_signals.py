"""`fork_map`'s pool ends whatever the signals' handlers were when its workers were forked.

A pool used to end its workers with SIGTERM. A worker that ignores it (SIG_IGN inherited, or a
Python handler whose signal the after-fork reset dropped, as under the command line's
`ended_as_by_signals`) was waited for for ever: `kremlinlist site` hung once so in the suite.
Each case maps 30 times in a child interpreter (in a session of its own, killed whole) with a
time limit, so a hang fails the test instead of hanging the suite: the code before hung where
SIGTERM was ignored and a worker raised."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from factory import case, dump, running
import waiting

SRC = str(Path(__file__).resolve().parent.parent / "src")

SCRIPT = textwrap.dedent("""
    import contextlib, signal, sys
    sys.path.insert(0, {src!r})
    from kremlinlist.base import parallel
    from kremlinlist.base.signals import signals_end_the_block

    def square(x):
        if x == -1:
            raise ValueError("a worker's error")
        return x * x

    items = list(range(400))  # chunks of 25: the workers are often still waiting at the end
    if {broken!r}:
        items[300] = -1
    signal.signal(signal.SIGTERM, {handler})
    with signals_end_the_block() if {block!r} else contextlib.nullcontext():
        for _ in range(30):
            try:
                out = parallel.fork_map(square, items, jobs=2)
            except ValueError as exc:
                outcome = "raised " + str(exc)
            else:
                outcome = "ok " + str(out == [x * x for x in items])
    print(outcome)
""")


@pytest.mark.parametrize("broken", [False, True], ids=["finished", "a worker's error"])
@pytest.mark.parametrize("handler, block", [("signal.SIG_IGN", False),
                                            ("signal.SIG_DFL", True)],
                         ids=["SIGTERM ignored", "inside signals_end_the_block"])
def test_the_pool_ends_with_its_workers_however_they_were_forked(broken, handler, block):
    script = SCRIPT.format(src=SRC, broken=broken, handler=handler, block=block)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the workers too: they may ignore SIGTERM
        proc.communicate()
        pytest.fail("fork_map waited for ever for a worker to end")
    assert proc.returncode == 0, err
    assert out.strip() == ("raised a worker's error" if broken else "ok True")


def _messy_dataset(root: Path, files: int) -> None:
    """`files` case files whose keys stand in reverse order: each one `fmt` rewrites. One case
    is dumped and each file given its own id (1,200 dumps cost 0.6 s)."""
    (root / "cases").mkdir(parents=True)
    text = dump(dict(reversed(list(case("p-0000").items()))))
    assert text.count("p-0000") == 1
    for i in range(files):
        (root / "cases" / f"p-{i:04d}.yaml").write_text(text.replace("p-0000", f"p-{i:04d}"),
                                                        encoding="utf-8")


def _as_from_a_shell() -> None:
    """The command starts as a shell starts it, whatever the test process's own signal state
    (a mask and a disposition are inherited through exec): nothing blocked, Ctrl-C by default."""
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _signal_state(pid: int) -> str:
    """The blocked and ignored signals of `pid` (for a failure's message)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return " ".join(line.strip() for line in f if line.startswith(("SigBlk", "SigIgn")))
    except OSError:
        return "?"


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def _workers_started(pid: int) -> tuple[list[int]] | tuple[()]:
    """Once `pid` has two workers, or has ended, its children (a tuple: true even if none)."""
    found = _children(pid)
    return (found,) if len(found) >= 2 or not running(pid) else ()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc")
@pytest.mark.parametrize("sent, to_group, code", [(signal.SIGTERM, False, 143),
                                                  (signal.SIGINT, True, 130)],
                         ids=["kill the command", "Ctrl-C at a terminal"])
def test_fmt_ended_while_its_workers_format_leaves_nothing_behind(tmp_path, sent, to_group,
                                                                   code):
    """A SIGTERM to the command alone (a CI timeout, `kill PID`) or a Ctrl-C to its whole group
    ends the command and its workers: no file is written after it exits, none half-written,
    and no worker prints a traceback (they had gone on formatting and writing files after a
    SIGTERM, and printed KeyboardInterrupt tracebacks on Ctrl-C)."""
    _messy_dataset(tmp_path / "data", 1200)
    env = {**os.environ, "PYTHONPATH": SRC, "KREMLINLIST_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "kremlinlist", "fmt"], cwd=tmp_path / "data",
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_as_from_a_shell)
    [workers] = waiting.until(lambda: _workers_started(proc.pid), "no worker started")
    assert len(workers) >= 2, proc.communicate()[1]  # fmt ended first
    # Signalled as soon as both workers run: fmt writes nothing until every file is formatted
    # (some seconds of work here), so a signal later than this could find it writing, or done
    state = _signal_state(proc.pid)
    os.killpg(proc.pid, sent) if to_group else os.kill(proc.pid, sent)
    try:
        _out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the command did not end")
    assert proc.returncode == code, (err, state)
    assert "Traceback" not in err and "ForkPoolWorker" not in err, err
    files = sorted((tmp_path / "data" / "cases").iterdir())
    assert [p.name for p in files if not p.name.endswith(".yaml")] == []  # no half-written file
    written = _as_written(files)
    assert not any(running(pid) for pid in workers)
    # any other process it forked (a worker started later) may write until it ends
    waiting.session_over(proc.pid, "a process of the command outlived it")
    now = _as_written(files)
    assert [p.name for p in files if now[p] != written[p]] == []  # nothing written after the end


def _as_written(files: list[Path]) -> dict[Path, tuple[int, bytes]]:
    """Each file's time of writing and bytes (a write in the same tick of the clock keeps the
    time)."""
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
