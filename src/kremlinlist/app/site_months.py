"""The site's months before the last: each one's change log, made as a release makes it, in a
child process while the release is built (`month_logs_at`), and how many people each month's
counts held who are hidden or gone now (`recounted` takes them out), by the chart's rule
(`withheld_since.counted_out`, against `withheld_since.now_levels`). The chart is the
release's."""

from __future__ import annotations

import pickle
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from kremlinlist.history import months
from kremlinlist.history.git import GitClient, commits_before
from kremlinlist.history.snapshot import Snapshots
from kremlinlist.publish import changelog as changes
from kremlinlist.publish import withheld_since


@dataclass
class Month:
    log: changes.ChangeLog
    last_day: date


def _month_logs(git: GitClient, snaps: Snapshots, rev: str, zone: str, last: str
                ) -> tuple[list[Month], dict[str, tuple[int, int]]]:
    """Every finished month's change log before `last` (whose log the release makes), each made
    as a release makes it: the snapshots at two month ends compared, newest month first. And,
    for each of them, how many of those its counts held (at its start, at its end) are hidden
    or gone now (`withheld_since.counted_out`, as the chart counts them): who they are is known
    only once the walk reaches the tip, and the site leaves them out of every count
    (`recounted`; `last`'s log is the release's, made without them)."""
    chain = git.first_parent_chain(rev)
    if not chain:
        return [], {}
    names = months.month_range(chain[-1][1], months.month_bounds(last, zone)[1], zone)
    bounds = [months.month_bounds(m, zone) for m in names]
    commits = commits_before(chain, [boundary for boundary, _day in bounds])
    out: list[Month] = []
    walked: list[tuple[str, str, date]] = []  # (month, its end's commit, its last day)
    snap = None
    prev_commit: str | None = None
    prev_day = months.month_bounds(months.previous_month(names[0]), zone)[1]
    for month, commit, (_boundary, last_day) in zip(names, commits, bounds):
        if commit is None:
            prev_day = last_day
            continue
        if snap is None:
            new = snaps.snapshot(commit)
            snap, _changes = snaps.advance(new, prev_commit)
        else:
            new, _changes = snaps.advance(snap, commit)
        changed = [c.rel for c in git.changed_files(prev_commit, commit)]
        log = changes.compare(snap.files, new.files, changed, old_as_of=prev_day,
                              new_as_of=last_day, month=month, from_commit=prev_commit,
                              to_commit=commit)
        walked.append((month, commit, last_day))
        snap, prev_commit, prev_day = new, commit, last_day
        if month == last:
            break
        out.append(Month(log, last_day))
    if snap is None:
        return [], {}
    now = withheld_since.now_levels(snaps, snap, rev)
    out_of = withheld_since.counted_out(snaps, [(c, day) for _m, c, day in walked], now)
    held = {month: (out_of[i - 1] if i else 0, out_of[i])
            for i, (month, _c, _day) in enumerate(walked) if month != last}
    return out[::-1], held


def recounted(log: changes.ChangeLog, held: tuple[int, int]) -> changes.ChangeLog:
    """`log` with the people hidden or gone since (`held`: how many its two counts held) moved
    from its counts to its hidden total: a count that still held them beside a list that no
    longer shows them says that someone was withheld, and when."""
    start, end = held
    log.before -= start
    log.after -= end
    if log.hidden is not None:
        log.hidden += end
    return log


def month_logs_at(root: Path, rev: str, zone: str, last: str) -> list[bytes]:
    """`_month_logs` with a git client of its own, each month pickled on its own: it runs in a
    child forked before the release is built (so it holds none of the release's memory), shares
    no git process with its parent, and the parent unpickles one month at a time
    (`logs_one_by_one`)."""
    with closing(GitClient(root)) as git:
        logs, held = _month_logs(git, Snapshots(git, walking=True), rev, zone, last)
    return [pickle.dumps(m, protocol=pickle.HIGHEST_PROTOCOL) for m in logs], held


def logs_one_by_one(last: Month, earlier: list[bytes]) -> Iterator[Month]:
    """The last month's log, then each earlier one's, newest first, unpickled as it is reached:
    the caller holds one month's log at a time, not all of them."""
    yield last
    for data in earlier:
        yield pickle.loads(data)
