"""Issue 16's memory bound for `kremlinlist site`, guarded without timing anything: the site reads
the month's snapshot once (the release hands over the one it built instead of the site reading
the stored one back, a second copy of every case at 50,000), and the person pages are written
by workers forked from a child started before the release was built, so none of them inherits
the release's cases. At the end, the site holds one month's change log at a time (the earlier
months come back from their child pickled one by one), one row per person (the list takes its
aliases in place) and never list.csv whole (streamed into its file). Fictional people only
(`factory.site_history`, `factory.person`)."""

from __future__ import annotations

import csv
import gc
import io
import os
from datetime import date

import pytest

from factory import GitRepo, hostile_list, person, put, seed, site_history

from kremlinlist.app import site
from kremlinlist.base import parallel
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.history import snapshot as history
from kremlinlist.publish import changelog, site_data
from kremlinlist.publish.public_list import PublicPerson

TODAY = date(2024, 4, 10)  # March is the last finished month
FORKS = hasattr(os, "fork") and parallel.cores() >= 2


@pytest.fixture
def heap_of_this_test():
    """Everything the process held before the test is frozen (gc.freeze): the counts below then
    collect and walk only what the test made, not the heap of every test before it on this
    worker (late in a run, 19 full collections of it took 9 s of a 0.4 s test). What was frozen
    is the same in every count, so the differences asserted are those of a fresh process."""
    gc.freeze()


def _cases_alive() -> int:
    """The snapshot entries and cases this process holds (beyond the frozen heap)."""
    gc.collect()
    kinds = (snapcache.LiteCase, history.SnapshotFile, history.Snapshot)
    return sum(isinstance(o, kinds) for o in gc.get_objects())


@pytest.mark.skipif(not FORKS, reason="the pages are written here without a second core")
def test_the_page_workers_inherit_none_of_the_releases_cases(tmp_path, monkeypatch,
                                                            heap_of_this_test):
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
        rel, made = build(*args, **kwargs)
        handed.append(made.snap)
        return rel, made

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


def _alive(kind: type) -> int:
    gc.collect()
    return sum(isinstance(o, kind) for o in gc.get_objects())


@pytest.mark.parametrize("forks", [True, False], ids=["child", "here"])
def test_the_month_logs_are_never_all_held_at_once(tmp_path, monkeypatch, forks,
                                                  heap_of_this_test):
    """Nine finished months: while each month's page is made, the site holds that month's log
    and the last month's (the release's), not all nine (each before and as published now)."""
    if not forks:
        monkeypatch.setattr(parallel, "cores", lambda: 1)
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("first-person", "First Person"))
    for m in range(2, 10):
        repo.commit(f"m{m}", f"2024-{m:02d}-12T10:00:00+00:00",
                    put(person(f"person-{m}", f"Person {m}")))
    held: list[int] = []
    context = site.site_pages.changes_context

    def counted(log, lang, pages):
        held.append(_alive(changelog.ChangeLog))
        return context(log, lang, pages)

    monkeypatch.setattr(site.site_pages, "changes_context", counted)
    before = _alive(changelog.ChangeLog)
    result = site.build_site(repo.root, tmp_path / "out", today=date(2024, 10, 3))
    assert len(result.months) == 9 and len(held) == 18
    assert max(held) - before <= 3
    assert (tmp_path / "out" / "en" / "changes" / "2024-01" / "index.html").is_file()


def test_the_list_rows_are_held_once_when_the_data_is_written(tmp_path, monkeypatch,
                                                              heap_of_this_test):
    """The aliases go into the people list in place: when list.csv is written, no earlier copy
    of the rows is still held."""
    repo = site_history(GitRepo(tmp_path / "repo"))
    seen: list[tuple[int, int, int]] = []
    write_csv = site.site_data.write_csv

    def counted(public, out):
        with_aliases = sum(bool(p.aliases) for p in public.people)
        seen.append((_alive(PublicPerson), len(public.people), with_aliases))
        return write_csv(public, out)

    monkeypatch.setattr(site.site_data, "write_csv", counted)
    before = _alive(PublicPerson)
    site.build_site(repo.root, tmp_path / "out", today=TODAY)
    alive, rows, with_aliases = seen[0]
    assert with_aliases > 0  # the rows were replaced: the guard could fail
    assert alive - before == rows


class _Writes(io.BytesIO):
    """A binary file that records the size of every write it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, data) -> int:
        self.sizes.append(len(data))
        return super().write(data)


def test_list_csv_is_streamed_into_its_file():
    public = hostile_list([f"Fictional Person {i}, \"quoted\"" for i in range(3000)])
    out = _Writes()
    site_data.write_csv(public, out)
    data = out.getvalue()
    assert not out.closed  # the caller's file stays open
    assert data.startswith(b"\xef\xbb\xbf") and max(out.sizes) < len(data) // 10
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows[0] == list(site_data.CSV_COLUMNS) and len(rows) == 3001
    assert rows[1][1] == 'Fictional Person 0, "quoted"' and data.count(b"\r\n") == 3001


def test_a_childs_result_is_unpickled_as_it_is_read():
    """Larger than a pipe's buffer, so read in many pieces; an earlier result is unaffected."""
    big = [f"fictional-{i}" * 8 for i in range(20000)]
    assert parallel.in_child(lambda: big)() == big
