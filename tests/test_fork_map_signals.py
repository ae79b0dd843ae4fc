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
