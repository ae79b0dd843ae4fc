"""Issue 16's memory bound, guarded without timing anything: the walks over every month of the
history (the chart of the first `export --format html`, the site's month logs) hold one month's
cases, never every record or full case they met on the way, and at most a few snapshots at once.
At 50,000 cases each record or case held for the whole walk costs hundreds of megabytes; here
50 fictional cases over two years show whether the walks still let them go (what is counted is
what a walk keeps, which a leak makes non-zero at any size: 150 cases took nearly three times as
long for the same verdicts)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from factory import generated_history

from kremlinlist.app.export import export_list
from kremlinlist.app.site import build_site
from kremlinlist.history import snapshot as history
from kremlinlist.publish import series

MONTHS = 24
MOST_SNAPSHOTS = 4  # the walk's two (last month's, this month's), and a known one or two


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """50 fictional cases (bench/generate.py: invented names, example.org sources) whose files
    change over 24 months of history, a dozen a month."""
    return generated_history(tmp_path_factory.mktemp("generated") / "data", 50, seed=3,
                             months=MONTHS, per_month=12)


class Walk:
    """What every `Snapshots.advance` of one run left alive: the most Snapshot objects at once,
    the records of files its snapshot already holds entries for, and entries that keep a full
    case (instead of their LiteCase only)."""

    def __init__(self, monkeypatch, only_walking: bool = True):
        self.made: list[weakref.ref] = []  # every Snapshot made (dataclasses: not hashable)
        self.most = self.advances = 0
        self.stale_records = self.full_cases = self.sourced = 0
        init, advance = history.Snapshot.__init__, history.Snapshots.advance
        walk = self

        def counted_init(snap, *args, **kwargs):
            init(snap, *args, **kwargs)
            walk.made.append(weakref.ref(snap))

        def watched_advance(snaps, snap, commit):
            new, changes = advance(snaps, snap, commit)
            if snaps.walking or not only_walking:
                walk.look(snaps, new)
            return new, changes

        monkeypatch.setattr(history.Snapshot, "__init__", counted_init)
        monkeypatch.setattr(history.Snapshots, "advance", watched_advance)

    def look(self, snaps, snap) -> None:
        self.advances += 1
        if self.advances % 5:  # collecting at every advance would be most of the test
            return
        gc.collect(1)
        self.most = max(self.most, sum(r() is not None for r in self.made))
        self.stale_records += sum(e.blob.partition(":")[0] in snap.records
                                  for e in snap.files.values())
        own = [e for e in snap.files.values()  # not those of a caller's (a release's) snapshots
               if (e.rel, e.blob) not in snaps.shared]
        self.full_cases += sum(e._case is not None for e in own)
        if snaps.counting:
            self.sourced += sum(bool(e.lite.stored_sources) for e in own if e.lite is not None)


def test_the_chart_walk_holds_one_month_of_counts(generated, tmp_path, monkeypatch):
    walk = Walk(monkeypatch)
    export_list(generated, "html", output=tmp_path / "list.html")
    assert walk.advances >= MONTHS  # the chart walked every month
    assert walk.most <= MOST_SNAPSHOTS
    assert walk.stale_records == 0  # a record is dropped once its entry is built
    assert walk.full_cases == 0
    assert walk.sourced == 0  # counting: names, summaries and sources are never parsed in


def test_the_sites_month_logs_hold_one_month(generated, tmp_path, monkeypatch):
    monkeypatch.setattr("kremlinlist.base.parallel.cores", lambda: 1)  # the walk runs here
    walk = Walk(monkeypatch)
    build_site(generated, tmp_path / "site", until=f"{2021 + (6 + MONTHS - 1) // 12}-"
               f"{(6 + MONTHS - 1) % 12 + 1:02d}")
    assert walk.advances >= MONTHS - 1
    assert walk.most <= MOST_SNAPSHOTS
    assert walk.stale_records == 0
    assert walk.full_cases == 0  # a changed file's full case is read for its log, then let go


def test_the_guard_sees_a_walk_that_keeps_what_it_met(generated, tmp_path, monkeypatch):
    """The same count over a walk that keeps its records and cases (a release's own snapshots
    do, to store them) finds them: the checks above could fail."""
    walk = Walk(monkeypatch, only_walking=False)
    git = history.GitClient(generated)
    snaps = history.Snapshots(git)
    chain = [c for c, _ in git.first_parent_chain("HEAD")][::-1]
    snap = snaps.snapshot(chain[0])
    for commit in chain[1:40]:
        snap = snaps.advance(snap, commit)[0]
    assert walk.stale_records > 0
    del snap
    assert series._monthly_series(generated)  # and the counting walk still counts
