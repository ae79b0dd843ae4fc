"""Months of the dataset's history: a month ends at the first instant of the next month in the
dataset's time zone, on the first-parent chain, by committer date: a merged pull request counts
when it landed."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history.git import GitClient
from kremlinlist.history.snapshot import Snapshots, config_at


# ASCII digits only: int() also reads signs, spaces and other scripts' digits ("+2026-1"), which
# would name a second folder for one month
_MONTH = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")


def month_bounds(month: str, tz: str = "UTC") -> tuple[datetime, date]:
    """The first instant after month `YYYY-MM` in `tz`, and the month's last day."""
    if _MONTH.fullmatch(month) is None or not 1900 <= int(month[:4]) <= 2100:
        raise KremlinlistError("bad-month", _("write the month as YYYY-MM, e.g. 2024-05"),
                               usage=True)
    year, mon = int(month[:4]), int(month[5:])
    nyear, nmon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    end = datetime(nyear, nmon, 1, tzinfo=ZoneInfo(tz))
    return end, date(year, mon, calendar.monthrange(year, mon)[1])


def previous_month(month: str) -> str:
    year, mon = (int(x) for x in month.split("-"))
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def timezone_for(snaps: Snapshots, rev: str, tz: str | None) -> str:
    """`--tz`, else the `timezone:` of kremlinlist.yaml at the revision, else UTC. Where that
    file does not load, the refusal says --tz is the way on: here, and only here, it is."""
    if tz is None:
        try:
            return config_at(snaps.git, snaps.git.resolve(rev)).timezone
        except KremlinlistError as exc:
            exc.details.append(_("--tz gives the time zone of month ends meanwhile"))
            raise
    return checked_zone(tz)


def checked_zone(tz: str) -> str:
    """`tz` if it names a time zone; refused (`bad-timezone`) otherwise."""
    try:
        ZoneInfo(tz)
    except Exception:
        raise KremlinlistError("bad-timezone", _("not a time zone name; give one like UTC or "
                                                 "Europe/Kyiv"), usage=True) from None
    return tz


@dataclass(frozen=True)
class MonthEnd:
    month: str
    commit: str | None  # None: the month ended before the first commit
    last_day: date


def month_end(git: GitClient, month: str, rev: str = "HEAD", tz: str = "UTC") -> MonthEnd:
    """The month's last commit on the first-parent chain of `rev`: the first one, from the tip,
    committed before the month's end."""
    git.check_not_shallow()
    boundary, last_day = month_bounds(month, tz)
    return MonthEnd(month, git.commit_before(boundary, rev), last_day)


def start_of_next(git: GitClient, month: str, rev: str = "HEAD", tz: str = "UTC") -> MonthEnd:
    """The month's end as the next month's release starts from it: scanning the chain of `rev`
    from its root, the last commit before the first one dated after the month (a commit dated in
    the future, a broken clock's date, is passed over). Where dates go backwards across the end,
    this is the end `--rev` gives the month refused for it (`require_in_order`), so no change
    falls between two releases; elsewhere it is `month_end`'s commit."""
    git.check_not_shallow()
    boundary, last_day = month_bounds(month, tz)
    before, now = boundary.timestamp(), _now()
    start = None
    for sha, ts in reversed(git.first_parent_chain(rev)):
        if ts > now:
            continue
        if ts >= before:
            break
        start = sha
    return MonthEnd(month, start, last_day)


def _now() -> float:
    """Now, against which a commit date is a broken clock's (in the future): such a commit
    neither ends a month early nor makes one refused."""
    return datetime.now(timezone.utc).timestamp()


def require_in_order(git: GitClient, end: MonthEnd, rev: str, tz: str) -> None:
    """Refuse a month to release whose last commit has an ancestor dated after the month (but
    not in the future, a broken clock's date) on the chain of `rev`: committer dates that go
    backwards across its end would count that ancestor's changes in it, without a word. Asked
    of the month released only, so that `--rev` its own last commit is always a way on."""
    if end.commit is None:
        return
    boundary, now = month_bounds(end.month, tz)[0].timestamp(), _now()
    chain = git.first_parent_chain(rev)
    at = next(i for i, (sha, _ts) in enumerate(chain) if sha == end.commit)
    late = next(((sha, ts) for sha, ts in chain[at + 1:] if boundary <= ts <= now), None)
    if late is None:
        return

    def day(ts: int) -> str:
        return datetime.fromtimestamp(ts, timezone.utc).date().isoformat()
    raise KremlinlistError("history-out-of-order", _(
        "the branch's committer dates go backwards across the end of {month}: commit {commit} "
        "is dated {day}, but its ancestor {late} is dated {late_day}, after the month; a release "
        "would count that ancestor's changes in {month}. Give --rev the last commit that belongs "
        "to {month}, or re-date the commits").format(
            month=end.month, commit=end.commit[:12], day=day(chain[at][1]), late=late[0][:12],
            late_day=day(late[1])))


def require_commit(git: GitClient, end: MonthEnd, rev: str) -> str:
    if end.commit is not None:
        return end.commit
    chain = git.first_parent_chain(rev)
    first = chain[-1][1] if chain else None
    start = datetime.fromtimestamp(first, timezone.utc).date() if first else None
    raise KremlinlistError("month-before-history",
                           (_("no commit before the end of {month} on that branch (the history "
                              "starts on {start}); pick a later month, or run `git fetch "
                              "--unshallow` if this is a shallow clone") if start else
                            _("no commit before the end of {month} on that branch; pick a later "
                              "month, or run `git fetch --unshallow` if this is a shallow clone"))
                           .format(month=end.month, start=start), usage=True)


def month_range(first_ts: int, last: date, tz: str) -> list[str]:
    """`YYYY-MM` of each month from the one holding the instant `first_ts` (in `tz`) to `last`'s."""
    start = datetime.fromtimestamp(first_ts, ZoneInfo(tz))
    y, m = start.year, start.month
    out = []
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
