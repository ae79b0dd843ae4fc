"""`base.parallel.in_child`: a result computed in a forked child, which a caller that no longer
wants it (the site, when the month's release is refused) stops instead of waiting for."""

from __future__ import annotations

import os
import time

import pytest

from kremlinlist.base import parallel


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
