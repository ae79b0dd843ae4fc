"""The list's size month by month (the HTML chart, `stats --over-time`): two snapshots a month
apart compared with the change log, memoized by commit in the cache folder. Hidden people, and
those hidden or gone since (`published_series`), are in no point at all: a monthly count or flow
that moved with one of them would date their arrival or their release."""

from __future__ import annotations

import functools
from contextlib import closing
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable
from zoneinfo import ZoneInfo

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.checks.advocacy import NamedPaths
from kremlinlist.caches import series as memo_store
from kremlinlist.files import loader
from kremlinlist.history.git import GitClient, commits_before
from kremlinlist.history.months import month_bounds, month_range, previous_month, timezone_for
from kremlinlist.history.snapshot import Snapshot, Snapshots
from kremlinlist.model import redaction
from kremlinlist.model.case import Case
from kremlinlist.publish import changelog as changes
from kremlinlist.publish import withheld_since


@dataclass(frozen=True)
class MonthPoint:
    """A month's counts, and what its end's tree holds in cases/ that is never read (a folder, a
    `.yml` file), so counted without. Such a month is said (`unread_warnings`), not refused as
    `stats --rev`, `export --rev` and a release refuse such a tree: those ask of a tree a new
    commit can fix, while a month gone by stays as committed, and one old month would leave the
    chart and `stats --over-time` refused for good."""

    month: str
    commit: str
    count: int  # public and anonymous people on the list at the month's end (never hidden ones)
    added: int
    released: int
    died: int
    unread: tuple[Problem, ...] = ()

    def counts(self) -> dict:
        """The point as the memo and `stats --over-time` hold it: counts, never a path."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "unread"}


def unread_warnings(points: list[MonthPoint]) -> list[str]:
    """One warning for each entry of cases/ some month's count left out, naming the file and the
    months (a `.yml` file kept for two years is one line, not twenty-four); the entries that
    may be a withheld person's file (`_unnamed_if_withheld`) are one line, naming none."""
    months: dict[str, list[str]] = {}
    for point in points:
        for problem in point.unread:
            seen = months.setdefault(problem.file, [])
            if point.month not in seen:
                seen.append(point.month)
    out = []
    for file, seen in months.items():
        if file == loader.CASES_DIR:
            out.append(_folder_warning(file, seen))
            continue
        file = file or _("a file not named here (it may be a withheld person's)")
        if len(seen) == 1:
            out.append(_("{file} was in `cases/` at the end of {month}, where a folder, a "
                         "submodule or a file not ending in `.yaml` is never read, so that "
                         "month's count leaves out whoever it held").format(
                             file=file, month=seen[0]))
        else:
            out.append(_("{file} was in `cases/` at the end of months from {first} to {last}, "
                         "where a folder, a submodule or a file not ending in `.yaml` is never "
                         "read, so those months' counts leave out whoever it held").format(
                             file=file, first=seen[0], last=seen[-1]))
    return out


def _folder_warning(folder: str, seen: list[str]) -> str:
    """The warning of months whose end held `cases` itself as no folder (a link, a file or a
    submodule): said as the folder, which names no one."""
    if len(seen) == 1:
        return _("`{folder}` was no folder at the end of {month} (a link, a file or a submodule "
                 "in git), so no file of it was read and that month's count leaves out everyone "
                 "it held").format(folder=folder, month=seen[0])
    return _("`{folder}` was no folder at the end of months from {first} to {last} (a link, a "
             "file or a submodule in git), so no file of it was read and those months' counts "
             "leave out everyone it held").format(folder=folder, first=seen[0], last=seen[-1])


def _unnamed_if_withheld(git: GitClient, found: dict[str, list[Problem]],
                         now: Callable[[], dict[str, str]],
                         blobs: dict[tuple[str, str], str],
                         rev: str) -> dict[str, tuple[Problem, ...]]:
    """The unread entries of each month's end (by commit), each that may name a withheld person
    without its name (an empty `file`). A file is named only where every month's version of it
    is a public person's, read as plain YAML, and that person is public `now` too (asked only
    then; an id missing now counts as hidden): the name of a person's file is their id, and one
    withheld since is not named for having been public then; a submodule named as a case file
    never (it holds nothing to tell whose it is); `cases` itself, where it is no folder, always
    (it names no one). A folder, or a file named so far, is named only if it holds no name or
    id of someone withheld at the end of any month of the walk, or now (`_held_at_its_months`).
    `blobs`: each entry's "<sha>:<mode>" by (commit, file), as the walk's tree diffs gave it
    (`GitClient.unread_along`), so no `ls-tree` is run for a file at each month; one not there
    is asked of git."""
    public: dict[str, bool] = {}  # file -> whether every version met is a public person's
    ids: dict[str, set[str]] = {}  # file -> its name's id and the ids its versions hold
    judged: dict[Any, tuple[bool, str | None]] = {}  # a version (its blob) -> public, its id
    folders: set[str] = set()
    for commit, problems in found.items():
        for p in problems:
            if p.code == "stray-folder":
                folders.add(p.file)
            if p.code == "stray-folder" or p.file == loader.CASES_DIR \
                    or not public.get(p.file, True):
                continue  # a folder, or cases itself: no case file's name
            blob = blobs.get((commit, p.file))
            key = (p.file, blob) if blob is not None else (commit, p.file)
            if key not in judged:
                judged[key] = _judged(git.read_blob(p.file, blob) if blob is not None else
                                      (git.blob_bytes(commit, p.file), []), p.file)
            public[p.file], said = judged[key]
            ids.setdefault(p.file, {Path(p.file).stem}).update([said] if said else [])
    if any(public.values()):
        levels = now()
        for file, shown in public.items():
            if shown and any(levels.get(i, redaction.HIDDEN) != redaction.PUBLIC
                             for i in ids[file]):
                public[file] = False
    withheld = {file for file, shown in public.items() if not shown}
    named = {commit: {p.file for p in problems if p.file in folders or public.get(p.file)}
             for commit, problems in found.items()}
    if any(named.values()):
        withheld |= _held_at_its_months(git, named, now, rev)
    return {commit: tuple(replace(p, file="") if p.file in withheld else p for p in problems)
            for commit, problems in found.items()}


def _held_at_its_months(git: GitClient, named: dict[str, set[str]],
                        now: Callable[[], dict[str, str]], rev: str) -> set[str]:
    """The paths of `named` (by month end's commit, in the walk's order) that hold a name or id
    (`NamedPaths`) of someone withheld at the end of any month of the walk (the last is the
    month a release publishes), whether that month has a path to say or not, or withheld now
    (`withheld_since.withheld_through`, a release's refusal's rule too): someone withheld in an
    older or a later month whose file is gone by the month a path is in is found too."""
    withheld = withheld_since.withheld_through(git, list(named), [git.resolve(rev)], now())
    held = NamedPaths((), lambda: withheld)
    return {path for paths in named.values() for path in paths if held.holds(path)}


def _judged(read: tuple[bytes | None, list[Problem]], file: str) -> tuple[bool, str | None]:
    """Whether a version of an unread file is a public person's (read as plain YAML), and the
    id it holds."""
    data, refused = read
    raw = loader.load_bytes(file, data, "case", model_if=lambda _d: False).data \
        if data is not None and not refused else None
    said = raw.get("id") if isinstance(raw, dict) else None
    return (raw is not None and redaction.level_of_raw(raw) == redaction.PUBLIC,
            said if isinstance(said, str) else None)


def _flip_dates(case: Case) -> list[date]:
    """Dates at which the case's place on the list may change without its file changing."""
    out = [e.date.earliest for e in case.events if e.date is not None]
    if case.assessment.since is not None:
        out.append(case.assessment.since.earliest)
    return out


def _monthly_series(root: Path | str, rev: str = "HEAD", tz: str | None = None,
                   until: str | None = None, known: Iterable[Snapshot] = (),
                   progress: Callable[[int, int], None] | None = None,
                   git: GitClient | None = None,
                   now: dict[str, str] | None = None) -> list[MonthPoint]:
    """The list's size at the end of each month from the first commit to `until` (default: the
    month of the last commit), as each month's end counted it: with people withheld since, in
    its count and its flows, so not for publishing (`published_series` is; this is private, the
    tests read it). Walks month to month by tree diffs, re-judging only changed cases and those
    with dates still ahead; points are memoized by commit in the cache folder.
    `known` snapshots (e.g. a release's) spare rebuilding the state where the memo ends; `git`,
    the caller's client of the same repository, spares asking git again what it knows. Each
    point says what its month's tree holds in cases/ but never reads (`MonthPoint.unread`),
    naming no file of someone withheld `now` (`withheld_since.now_levels`, the caller's or else
    read when a file would be named)."""
    if git is not None:
        return _walk(git, root, rev, tz, until, known, progress, now)[0]
    with closing(GitClient(root)) as own:  # its `git cat-file` ends with the walk
        return _walk(own, root, rev, tz, until, known, progress, now)[0]


def published_series(root: Path | str, rev: str = "HEAD", tz: str | None = None,
                     until: str | None = None, known: Iterable[Snapshot] = (),
                     progress: Callable[[int, int], None] | None = None,
                     git: GitClient | None = None,
                     now: dict[str, str] | None = None,
                     now_on_disk: bool = False) -> list[MonthPoint]:
    """`_monthly_series` as it is published: each month's count, added, released and died
    without those people hidden or gone `now` (`withheld_since.held_since`; `now` is
    `withheld_since.now_levels` at `rev` where not given), so that no chart nor flow dates a
    withholding made since. A release, the site, `export` and `stats --over-time` all draw this
    one, so they agree. What each month loses is memoized by the commits `now` is read from
    (`withheld_since.tips`), never by `now` itself, which names withheld people: a warm run
    reads no snapshot of the tip. A `now` read with the files on disk too (`now_on_disk`: an
    export of the working tree, which may withhold someone not committed yet) is not what those
    commits say, so it is counted anew, unmemoized."""
    if git is None:
        with closing(GitClient(root)) as own:  # its `git cat-file` ends with the walk
            return published_series(root, rev, tz, until, known, progress, own, now,
                                    now_on_disk)
    snaps = Snapshots(git, counting=True)
    zone = timezone_for(snaps, rev, tz)
    points, levels = _walk(git, root, rev, zone, until, known, progress, now)
    if not points:
        return []
    ends = [(p.commit, month_bounds(p.month, zone)[1]) for p in points]
    if now_on_disk:
        return _without(points, withheld_since.held_since(snaps, ends, levels()))
    memo = memo_store.HeldMemo(Path(root), git.prefix)
    tips = withheld_since.tips(git, rev)
    keys = [f"{tips}:{commit}:{day.isoformat()}" for commit, day in ends]
    memoized, todo = memo.split(keys)
    if todo:  # `now` read (the walk's, where its warnings asked already) and every end counted
        held = withheld_since.held_since(snaps, ends, levels())
        memo.save({k: list(h) for k, h in zip(keys, held)}, tips)
    else:
        held = [withheld_since.Held(*memoized[k]) for k in keys]
    return _without(points, held)


def _without(points: list[MonthPoint], held: list[withheld_since.Held]) -> list[MonthPoint]:
    """Each point without what it held of people hidden or gone now, in every column."""
    return [replace(p, count=p.count - h.count, added=p.added - h.added,
                    released=p.released - h.released, died=p.died - h.died)
            for p, h in zip(points, held)]


def _walk(git: GitClient, root: Path | str, rev: str, tz: str | None, until: str | None,
          known: Iterable[Snapshot], progress: Callable[[int, int], None] | None,
          now: dict[str, str] | None
          ) -> tuple[list[MonthPoint], Callable[[], dict[str, str]]]:
    """The points, and who is at which publicity now (`now`, else read once when first asked:
    `_now_from`), which names the unread files after the walk, so that it can start from the
    walk's last month end."""
    snaps = Snapshots(git, counting=True)
    git.check_not_shallow()
    zone = timezone_for(snaps, rev, tz)
    chain = git.first_parent_chain(rev)
    if not chain:
        return [], lambda: now or {}
    last = until or datetime.fromtimestamp(chain[0][1], ZoneInfo(zone)).strftime("%Y-%m")
    months = month_range(chain[-1][1], month_bounds(last, zone)[1], zone)

    memo = memo_store.SeriesMemo(Path(root), git.prefix)

    bounds = [month_bounds(month, zone) for month in months]
    commits = commits_before(chain, [boundary for boundary, _ in bounds])
    ends = [(month, commit, last_day) for month, commit, (_, last_day)
            in zip(months, commits, bounds)]
    walked = [commit for _month, commit, _day in ends if commit is not None]
    blobs: dict[tuple[str, str], str] = {}  # each unread entry's version at each month end
    found = dict(zip(walked, git.unread_along(walked, versions=blobs)))  # named after the walk
    mkeys, prev = [], None
    for month, commit, _day in ends:
        if commit is not None:
            mkeys.append(f"{month}:{prev}:{commit}")
        prev = commit
    memoized = memo.split(mkeys)[0]  # used up to the first month to compute

    known = list(known)
    points: list[MonthPoint] = []
    snap: Snapshot | None = None
    count = 0  # people counted at the previous month's end, kept as the files change
    pending: set[str] = set()  # rels whose status may still change with the date
    prev_commit: str | None = None
    for index, (month, commit, last_day) in enumerate(ends):
        if progress:
            progress(index, len(ends))  # months done, for a progress bar
        if commit is None:
            prev_commit = None
            continue
        mkey = f"{month}:{prev_commit}:{commit}"
        hit = memoized.get(mkey)
        if hit is not None and snap is None:
            points.append(MonthPoint(**hit))
            prev_commit = commit
            continue
        prev_day = month_bounds(previous_month(month), zone)[1]
        if snap is None:  # first miss: rebuild the state at the previous month's end
            snap = _start(snaps, prev_commit, known)
            steps, step_from = [], prev_commit
            for _month, step_to, _day in ends[index:]:
                if step_to is not None:
                    steps.append((step_from, step_to))
                step_from = step_to
            git.prefetch_changes(steps)  # one git run for every month's tree diff
            snaps.preload(snap, steps)
            count = sum(changes.counts_on_list(e.lite, prev_day) for e in snap.files.values())
            pending = {rel for rel, e in snap.files.items()
                       if e.lite is not None and any(d > prev_day for d in _flip_dates(e.lite))}
        old, step = snap, git.changed_files(snap.commit, commit)
        if step:
            snap, step = snaps.advance(old, commit)
        elif snap.commit != commit:  # no case file changed: the same files, shared, not copied
            snap = Snapshot(commit, old.files, old.problems, old.records)
        touched = {c.rel for c in step} | pending
        added = released = died = 0
        if touched:  # a month where nothing changed and no date fell costs no comparison
            # only the touched files: a partial comparison reads nothing else, and handing it
            # every file would cost a pass over the whole list each month
            log = changes.compare(_only(old.files, touched), _only(snap.files, touched),
                                  touched, old_as_of=prev_day, new_as_of=last_day,
                                  partial=True, updates=False)
            added, released, died = (len(log.entries[c]) for c in ("added", "released", "died"))
            count += log.after - log.before  # a partial log's counts: the touched files' net
        for rel in touched:
            entry = snap.files.get(rel)
            pending.discard(rel)
            if entry is not None and entry.lite is not None and any(
                    d > last_day for d in _flip_dates(entry.lite)):
                pending.add(rel)
        point = MonthPoint(month, commit, count, added, released, died)
        points.append(point)
        memo.put(mkey, point.counts())
        prev_commit = commit
    memo.save()

    @functools.cache
    def levels() -> dict[str, str]:
        return now if now is not None else _now_from(git, snap, walked, rev)

    unread = _unnamed_if_withheld(git, found, levels, blobs, rev)  # as said, never memoized
    return [replace(p, unread=unread[p.commit]) for p in points], levels


def _now_from(git: GitClient, end: Snapshot | None, commits: list[str], rev: str
              ) -> dict[str, str]:
    """`withheld_since.now_levels` for a caller that has none (`stats`, `export`): from the
    walk's last month end, else (every point from the memo) the latest month end the snapshot
    cache holds (a release stores its own), else the tip, stored for the next run; each moved
    to the tip by the files changed since, not listed and parsed anew on every run."""
    snaps = Snapshots(git)
    if end is None:
        stored = next((c for c in reversed(commits) if snaps.has_snapshot(c)), None)
        end = snaps.snapshot(stored if stored is not None else git.resolve(rev))
    return withheld_since.now_levels(snaps, end, rev)


def _only(files: dict, rels: set[str]) -> dict:
    return {rel: files[rel] for rel in rels if rel in files}


def _start(snaps: Snapshots, commit: str | None, known: list[Snapshot]) -> Snapshot:
    """The snapshot at `commit`: a known one, or one of them moved there by a tree diff (the
    files that did not change in between are shared, not parsed again), or one built anew."""
    here = next((k for k in known if k.commit == commit), None)
    if here is not None:
        return here.copy()  # a copy: the walk's records must not grow the caller's snapshot
    if known and commit is not None:
        return snaps.advance(known[0], commit)[0]
    snap = snaps.snapshot(commit)
    for k in known:  # their records spare parsing the files a walk from here meets unchanged,
        snap.records = {**k.records, **snap.records}  # and their entries rebuilding them
        snaps.shared.update(((e.rel, e.blob), e) for e in k.files.values())
    return snap
