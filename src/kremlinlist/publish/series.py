"""The list's size month by month (the HTML chart, `stats --over-time`): two snapshots a month
apart compared with the change log, memoized by commit in the cache folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history.snapshot import (History, Snapshot, _months, commits_before,
                                          month_bounds, previous_month, timezone_for)
from kremlinlist.model import timeline
from kremlinlist.model.case import Case

SERIES_FORMAT = 1


@dataclass(frozen=True)
class MonthPoint:
    month: str
    commit: str
    count: int  # people on the list at the month's end (hidden ones included)
    added: int
    released: int
    died: int


def _flip_dates(case: Case) -> list[date]:
    """Dates at which the case's place on the list may change without its file changing."""
    out = [e.date.earliest for e in case.events if e.date is not None]
    if case.assessment.since is not None:
        out.append(case.assessment.since.earliest)
    return out


def size_series(root: Path | str, rev: str = "HEAD",
                until: str | None = None) -> list[tuple[str, int]] | None:
    """The list's size month by month for the HTML chart; None where the history cannot be read
    (not a git repository, a shallow clone), so a page is still made, without the chart."""
    try:
        return [(p.month, p.count) for p in monthly_series(root, rev, None, until=until)]
    except KremlinlistError as exc:
        if exc.code in ("not-a-git-repository", "shallow-clone"):
            return None
        raise


def monthly_series(root: Path | str, rev: str = "HEAD", tz: str | None = None,
                   until: str | None = None,
                   known: Iterable[Snapshot] = ()) -> list[MonthPoint]:
    """The list's size at the end of each month from the first commit to `until` (default: the
    month of the last commit). Walks month to month by tree diffs, re-judging only changed cases
    and those with dates still ahead; points are memoized by commit in the cache folder.
    `known` snapshots (e.g. a release's) spare rebuilding the state where the memo ends."""
    from kremlinlist.publish import changelog as changes
    from kremlinlist.caches.clean import cache_dir, fingerprint, write_checked

    hist = History(root)
    hist.check_not_shallow()
    zone = timezone_for(hist, rev, tz)
    chain = hist.first_parent_chain(rev)
    if not chain:
        return []
    from zoneinfo import ZoneInfo

    last = until or datetime.fromtimestamp(chain[0][1], ZoneInfo(zone)).strftime("%Y-%m")
    months = _months(chain[-1][1], month_bounds(last, zone)[1], zone)

    cache_path = cache_dir(Path(root)) / "history-series.json"
    key = fingerprint("series", str(SERIES_FORMAT), hist.prefix)
    memo = _read_series(cache_path, key)

    bounds = [month_bounds(month, zone) for month in months]
    commits = commits_before(chain, [boundary for boundary, _ in bounds])
    ends = [(month, commit, last_day) for month, commit, (_, last_day)
            in zip(months, commits, bounds)]

    known = list(known)
    points: list[MonthPoint] = []
    snap: Snapshot | None = None
    on: dict[str, bool] = {}  # rel -> on the list at the previous month's end
    pending: set[str] = set()  # rels whose status may still change with the date
    prev_commit: str | None = None
    fresh = False
    for index, (month, commit, last_day) in enumerate(ends):
        if commit is None:
            prev_commit = None
            continue
        mkey = f"{month}:{prev_commit}:{commit}"
        hit = memo.get(mkey)
        if hit is not None and snap is None:
            points.append(MonthPoint(**hit))
            prev_commit = commit
            continue
        prev_day = month_bounds(previous_month(month), zone)[1]
        if snap is None:  # first miss: rebuild the state at the previous month's end
            snap = _start(hist, prev_commit, known)
            steps, step_from = [], prev_commit
            for _, step_to, _ in ends[index:]:
                if step_to is not None:
                    steps.append((step_from, step_to))
                step_from = step_to
            hist.preload(snap, steps)
            on = {rel: e.lite is not None and timeline.on_list(e.lite, prev_day)
                  for rel, e in snap.files.items()}
            pending = {rel for rel, e in snap.files.items()
                       if e.lite is not None and any(d > prev_day for d in _flip_dates(e.lite))}
        snap, changes_ = hist.advance(old := snap, commit)
        touched = {c.rel for c in changes_} | pending
        log = changes.compare(old.files, snap.files, touched, old_as_of=prev_day,
                              new_as_of=last_day, partial=True, updates=False)
        for rel in touched:
            entry = snap.files.get(rel)
            pending.discard(rel)
            on.pop(rel, None)
            if entry is not None and entry.lite is not None:
                on[rel] = timeline.on_list(entry.lite, last_day)
                if any(d > last_day for d in _flip_dates(entry.lite)):
                    pending.add(rel)
        added, released, died = (len(log.entries[c]) + log.hidden[c]
                                 for c in ("added", "released", "died"))
        count = sum(on.values())
        point = MonthPoint(month, commit, count, added, released, died)
        points.append(point)
        memo[mkey] = asdict(point)
        fresh = True
        prev_commit = commit
    if fresh:
        write_checked(cache_path, SERIES_KIND, key,
                      json.dumps(memo, separators=(",", ":")).encode())
    return points


SERIES_KIND = "series"


_COUNTS = ("count", "added", "released", "died")


def _read_series(path: Path, key: str) -> dict[str, dict]:
    """The memo of month points, `month:previous commit:commit` -> point; empty unless the file
    is whole and every point has exactly the fields and types a MonthPoint has, and the month and
    commit of its key (a damaged memo is computed again, never published)."""
    from kremlinlist.caches.clean import read_checked

    body = read_checked(path, SERIES_KIND, key)
    try:
        memo = json.loads(body) if body is not None else None
    except (ValueError, RecursionError):
        return {}
    if type(memo) is not dict:
        return {}
    for mkey, point in memo.items():
        parts = mkey.split(":")
        if not (len(parts) == 3 and type(point) is dict
                and point.keys() == {"month", "commit", *_COUNTS}
                and point["month"] == parts[0] and point["commit"] == parts[2]
                and all(type(point[k]) is int and point[k] >= 0 for k in _COUNTS)):
            return {}
    return memo


def _start(hist: History, commit: str | None, known: list[Snapshot]) -> Snapshot:
    """The snapshot at `commit`: a known one, or one of them moved there by a tree diff (the
    files that did not change in between are shared, not parsed again), or one built anew."""
    here = next((k for k in known if k.commit == commit), None)
    if here is not None:
        return here.copy()  # a copy: the walk's records must not grow the caller's snapshot
    if known and commit is not None:
        return hist.advance(known[0], commit)[0]
    snap = hist.snapshot(commit)
    for k in known:  # their records spare parsing the files a walk from here meets unchanged,
        snap.records = {**k.records, **snap.records}  # and their entries rebuilding them
        hist.shared.update(((e.rel, e.blob), e) for e in k.files.values())
    return snap
