"""`kremlinlist stats`'s three questions: counts over the files on disk (with the advocacy
actions by type and by month), over the dataset as committed at a revision, and the list's size
month by month. The counting and its CSV are `publish.stats` (re-exported here, so the command
line needs only this module)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import csv
import io

from kremlinlist.app.actions import action_counts
from kremlinlist.files import loader
from kremlinlist.history.git import GitClient
from kremlinlist.history.months import timezone_for
from kremlinlist.history.snapshot import Snapshots
from kremlinlist.publish.series import monthly_series
from kremlinlist.publish.stats import DIMENSIONS, compute, series_csv, to_csv as counts_csv

__all__ = ["DIMENSIONS", "at_revision", "over_time", "series_csv", "to_csv", "working_tree"]


def working_tree(root: Path, as_of: date | None = None) -> tuple[dict, int]:
    """Stats over the case files on disk as of `as_of` (default today in the dataset's time
    zone), and how many files were left out for not loading."""
    as_of = as_of or loader.today(root)
    rels, _ = loader.list_yaml(root, loader.CASES_DIR)
    cases, skipped = [], 0
    for rel in rels:
        model = loader.load_file(root, rel, "case").model
        if model is None:
            skipped += 1
        else:
            cases.append(model)
    return {**compute(cases, as_of), "actions": action_counts(root, cases)}, skipped


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
    as of that commit's day in the dataset's time zone; and how many files did not load."""
    git = GitClient(root)
    snaps = Snapshots(git)
    commit = git.resolve(rev)
    snap = snaps.snapshot(commit)
    zone = timezone_for(snaps, commit, tz)
    as_of = git.commit_time(commit).astimezone(ZoneInfo(zone)).date()
    cases = [e.case for e in snap.files.values()]  # full cases: criteria, articles, organizations
    result = compute([c for c in cases if c is not None], as_of)
    return {**result, "rev": commit}, sum(c is None for c in cases)


def over_time(root: Path, rev: str, tz: str | None = None,
              progress: Callable[[int, int], None] | None = None) -> list[dict]:
    """The list's size and flows at each month's end, from the first commit to `rev`'s month
    (`progress(months done, months)` as it walks)."""
    return [asdict(p) for p in monthly_series(root, rev, tz, progress=progress)]
