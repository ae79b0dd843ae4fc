"""`kremlinlist stats`'s three questions: counts over the files on disk (with the advocacy
actions by type and by month), over the dataset as committed at a revision, and the list's size
month by month. The counting and its CSV are `publish.stats` (re-exported here, so the command
line needs only this module)."""

from __future__ import annotations

import functools
import os
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple
from zoneinfo import ZoneInfo

import csv
import io

from kremlinlist.app.actions import action_counts
from kremlinlist.app.unnamed_paths import said_at, said_on_disk
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.base.parallel import fork_map
from kremlinlist.base.problem import Problem
from kremlinlist.files import loader
from kremlinlist.files.layout import ACTIONS_DIR
from kremlinlist.history.git import GitClient
from kremlinlist.history.months import checked_zone, previous_month, timezone_for
from kremlinlist.history.snapshot import PARSE_BATCH, Snapshots
from kremlinlist.model import dates
from kremlinlist.publish import withheld_since
from kremlinlist.publish.series import published_series, unread_warnings
from kremlinlist.publish.stats import DIMENSIONS, Tally, series_csv, to_csv as counts_csv

__all__ = ["DIMENSIONS", "Series", "at_revision", "over_time", "series_csv", "to_csv",
           "working_tree"]


class _Person(NamedTuple):
    """What counting the advocacy actions reads of a case (who an action is for, and whether
    they may be named), kept instead of the whole case."""

    id: str
    former_ids: list[str]
    publicity: str
    name: Any


_PART = 500  # case files a worker counts at a time


def working_tree(root: Path, as_of: date | None = None,
                 tz: str | None = None) -> tuple[dict, int]:
    """Stats over the case files on disk as of `as_of` (default today in `tz`, else in the
    dataset's time zone), and how many files were left out for not loading. The files are
    counted in parts on every core, each case let go once counted: all of them held at once cost
    270 MB at 10,000 cases."""
    as_of = as_of or (dates.today(checked_zone(tz)) if tz else loader.today(root))
    rels, problems = loader.list_yaml(root, loader.CASES_DIR)
    unread = [p for p in problems if p.file == loader.CASES_DIR]  # the folder itself: a link
    if unread:
        raise KremlinlistError("list-incomplete", _("`cases/` cannot be read, so every count "
                                                    "would be 0; fix it first"), problems=unread)
    _refuse_unread(said_on_disk(root, problems))
    with_people = bool(loader.list_yaml(root, ACTIONS_DIR)[0])  # the actions' count reads them
    total, people, skipped = Tally(as_of), [], 0
    for tally, some, left_out in fork_map(
            functools.partial(_count_files, os.fspath(root), as_of, with_people),
            [rels[i:i + _PART] for i in range(0, len(rels), _PART)], min_items=2):
        total.merge(tally)
        people += some
        skipped += left_out
    return {**total.result(), "actions": action_counts(root, people)}, skipped


def _refuse_unread(problems: list[Problem]) -> None:
    """A case in a folder inside cases/, or in a `.yml` file, is never read: counted without,
    the figures would leave a person out in silence (release refuses such a month too; the walk
    over months says it instead, `MonthPoint`). What is found is shared (`loader.entry_problem`,
    `GitClient.entry_problems`); the refusal is this command's: export refuses every file that
    does not load, where stats counts one as left out and refuses only these."""
    if problems:
        raise KremlinlistError("list-incomplete", _(
            "some case files are not read where they are (in a folder inside `cases/`, or not "
            "ending in `.yaml`), so the counts would leave people out; fix them first"),
            problems=problems)


def _count_files(root: str, as_of: date, with_people: bool,
                 rels: list[str]) -> tuple[Tally, list[_Person], int]:
    return _count(as_of, with_people, None,
                  ((rel, _bytes_or_none(Path(root), rel)) for rel in rels))


def _bytes_or_none(root: Path, rel: str) -> bytes | None:
    try:
        return loader.read_file(root, rel)
    except loader.FileRefused:
        return None


def _count(as_of: date, with_people: bool, now: dict[str, str] | None,
           items: Iterable[tuple[str, bytes | None]]) -> tuple[Tally, list[_Person], int]:
    """One part's tally, the people the actions' count reads (`with_people`), and how many
    files did not load (None: refused), each case let go once counted; each at the stricter of
    its publicity and `now`'s, where given (`withheld_since.as_strict_as`)."""
    tally, people, skipped = Tally(as_of), [], 0
    for rel, data in items:
        model = loader.load_bytes(rel, data, "case").model if data is not None else None
        if model is None:
            skipped += 1
            continue
        if now is not None:
            model = withheld_since.as_strict_as(model, now)
        tally.add(model)  # type: ignore[arg-type]
        if with_people:
            people.append(_Person(model.id, model.former_ids, model.publicity, model.name))
    return tally, people, skipped


def to_csv(result: dict) -> str:
    """The counts' CSV (publish.stats), then the advocacy actions by type and by month under
    scope `actions` (on the files on disk only)."""
    out = io.StringIO()
    out.write(counts_csv(result))
    actions = result.get("actions")
    if actions:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["actions", "total", "actions", actions["total"]])
        w.writerow(["actions", "total", "not published", actions["not_published"]])
        for dim, key in (("type", "by_type"), ("month", "by_month")):
            for name, n in actions[key].items():
                w.writerow(["actions", dim, name, n])
    return out.getvalue()


def at_revision(root: Path, rev: str, tz: str | None = None) -> tuple[dict, int]:
    """Stats over the dataset as committed at `rev` (read from git, the working tree untouched),
    as of that commit's day in the dataset's time zone; and how many files did not load. The
    files are read a batch at a time and counted in parts on every core, each case let go once
    counted (a snapshot holding them all cost 340 MB at 10,000 cases). Each person is counted at
    the stricter of their publicity then and now (`withheld_since.now_levels`), as a release of
    that day counts them."""
    with closing(GitClient(root)) as git:  # its `git cat-file` ends with the call
        return _count_at(git, rev, tz)


def _count_at(git: GitClient, rev: str, tz: str | None) -> tuple[dict, int]:
    commit = git.resolve(rev)
    _refuse_unread(said_at(git, commit, git.entry_problems(commit, loader.CASES_DIR)))
    zone = timezone_for(Snapshots(git), commit, tz)
    as_of = git.commit_time(commit).astimezone(ZoneInfo(zone)).date()
    # who is withheld now, as a release and the chart take it: one withheld since `rev` is
    # counted as hidden (the snapshot, stored for the next run, is let go before counting)
    snaps = Snapshots(git, walking=True)
    now = withheld_since.now_levels(snaps, snaps.snapshot(commit), rev)
    listing = [(c.rel, c.new_blob) for c in git.changed_files(None, commit) if c.new_blob]
    total, skipped = Tally(as_of), 0
    for start in range(0, len(listing), PARSE_BATCH):
        batch = listing[start:start + PARSE_BATCH]
        blobs = git.read_blobs(batch)
        read = [(rel, blobs[rel][0]) for rel, _blob in batch]
        del blobs
        for tally, _people, left_out in fork_map(
                functools.partial(_count, as_of, False, now),
                [read[i:i + _PART] for i in range(0, len(read), _PART)], min_items=2):
            total.merge(tally)
            skipped += left_out
    return {**total.result(), "rev": commit}, skipped


class Series(NamedTuple):
    """The list month by month, and the warnings for the months that counted without a case
    file their tree holds where it is never read (`MonthPoint`: said, not refused)."""

    rows: list[dict]
    warnings: list[str]


def over_time(root: Path, rev: str, tz: str | None = None,
              progress: Callable[[int, int], None] | None = None,
              today: date | None = None) -> Series:
    """The list's size and flows at each month's end, from the first commit to the last month
    that has ended on `today` (default: `dates.today` in the dataset's time zone), whether or
    not it has a commit: a month without one still counts its releases and deaths by their
    dates, as a release of it and the site do. Every column leaves out those hidden or gone now,
    as the release's chart does (`published_series`): the rows are printed, and pasted. The
    month under way is no row, as no release or site shows it: its end, and the days counted to
    it, are still ahead (`progress(months done, months)` as it walks)."""
    with closing(GitClient(root)) as git:  # one client for the zone and the walk
        zone = timezone_for(Snapshots(git), rev, tz)
        today = today or dates.today(zone)
        points = published_series(root, rev, zone, until=previous_month(today.strftime("%Y-%m")),
                                  progress=progress, git=git)
    return Series([p.counts() for p in points], unread_warnings(points))
