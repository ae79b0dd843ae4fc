"""Issue 16's memory bound for `kremlinlist site`, guarded without timing anything: the site reads
the month's snapshot once (the release hands over the one it built instead of the site reading
the stored one back, a second copy of every case at 50,000), and the person pages are written
by workers forked from a child started before the release was built, so none of them inherits
the release's cases. Fictional people only (`factory.site_history`)."""

from __future__ import annotations

import gc
import os
from datetime import date

import pytest

from factory import GitRepo, site_history

from kremlinlist.app import site
from kremlinlist.base import parallel
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.history import snapshot as history

TODAY = date(2024, 4, 10)  # March is the last finished month
FORKS = hasattr(os, "fork") and parallel.cores() >= 2


def _cases_alive() -> int:
    """The snapshot entries and cases this process holds."""
    gc.collect()
    kinds = (snapcache.LiteCase, history.SnapshotFile, history.Snapshot)
    return sum(isinstance(o, kinds) for o in gc.get_objects())


@pytest.mark.skipif(not FORKS, reason="the pages are written here without a second core")
def test_the_page_workers_inherit_none_of_the_releases_cases(tmp_path, monkeypatch):
    repo = site_history(GitRepo(tmp_path / "repo"))
    marker = tmp_path / "alive-in-page-child"
    seen_by_fill: list[int] = []
    pages, fill = site._all_person_pages, site._fill

    def counted_pages(work):  # runs in the page child (inherited through fork, not pickled)
        marker.write_text(str(_cases_alive()), encoding="utf-8")
        return pages(work)

    def counted_fill(b, done, folder):
        seen_by_fill.append(_cases_alive())
        return fill(b, done, folder)

    monkeypatch.setattr(site, "_all_person_pages", counted_pages)
    monkeypatch.setattr(site, "_fill", counted_fill)
    before = _cases_alive()
    result = site.build_site(repo.root, tmp_path / "out", today=TODAY)
    assert result.people > 0
    assert seen_by_fill[0] > before  # the guard could fail: the process that fills holds them
    assert int(marker.read_text(encoding="utf-8")) <= before


def test_the_month_end_snapshot_is_not_read_back(tmp_path, monkeypatch):
    """The release's month-end snapshot reaches the site as it was built: the store is asked
    for that commit once (by the release, for a stored copy), never again by the site."""
    monkeypatch.setattr(parallel, "cores", lambda: 1)  # every walk in this process, counted
    repo = site_history(GitRepo(tmp_path / "repo"))
    asked: list[str] = []
    split = snapcache.SnapshotStore.split

    def counted_split(store, commits):
        commits = list(commits)
        asked.extend(commits)
        return split(store, commits)

    monkeypatch.setattr(snapcache.SnapshotStore, "split", counted_split)
    handed: list[history.Snapshot] = []
    build = site.release.build_with_snapshot

    def kept(*args, **kwargs):
        rel, snap = build(*args, **kwargs)
        handed.append(snap)
        return rel, snap

    monkeypatch.setattr(site.release, "build_with_snapshot", kept)
    site.build_site(repo.root, tmp_path / "out", today=TODAY)
    month_end = handed[0].commit
    assert month_end is not None and asked.count(month_end) == 1
    assert handed[0].records == {}  # stored already: its records are not carried on


def _plus(n: int, m: int) -> int:
    return n + m


def test_a_waiting_child_computes_once_sent_its_argument():
    child = parallel.waiting_child(lambda arg: _plus(*arg))
    child.send((40, 2))
    assert child() == 42 and child() == 42


def test_a_waiting_child_cancelled_before_its_argument_is_stopped():
    child = parallel.waiting_child(lambda arg: arg)
    pid = child._pid
    child.cancel()
    if pid:
        with pytest.raises(ChildProcessError):  # reaped
            os.waitpid(pid, os.WNOHANG)
    with pytest.raises(RuntimeError):
        child()


def test_a_waiting_child_without_a_second_core_runs_here(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    child = parallel.waiting_child(lambda arg: (os.getpid(), arg))
    child.send("x")
    assert child() == (os.getpid(), "x")


def test_a_waiting_childs_failure_is_raised_here():
    child = parallel.waiting_child(lambda arg: 1 // arg)
    child.send(0)
    with pytest.raises(ZeroDivisionError):
        child()
