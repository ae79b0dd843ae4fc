"""The export of the list: who is on it on a day, written in one format, privacy applied.

The refusals come before anything is read or written (a day after today, an output that exists
or has no folder), and a list with a case file that does not load is refused whole: an
incomplete list would silently leave people out.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, Callable

from kremlinlist.base.i18n import _
from kremlinlist.app import published_names
from kremlinlist.app.actions import list_advocacy
from kremlinlist.app.unnamed_paths import said_at, said_on_disk
from kremlinlist.base.atomic import atomic_file
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.files import loader
from kremlinlist.history import months
from kremlinlist.history import snapshot as history
from kremlinlist.history.git import GitClient, changed_since
from kremlinlist.model import dates
from kremlinlist.publish.public_list import build_list
from kremlinlist.publish import withheld_since
from kremlinlist.publish.series import published_series, unread_warnings
from kremlinlist.publish.templates import page_settings
from kremlinlist.publish.writers import check_choices, write_list


@dataclass
class ExportResult:
    """What the user is told besides the list (never a value from a file)."""

    warnings: list[str] = field(default_factory=list)


def export_list(root: Path, fmt: str, *, stream: BinaryIO | None = None,
                output: Path | None = None, rev: str | None = None, as_of: str | None = None,
                lang: str = "en", force: bool = False,
                progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Write the list as of `as_of` (YYYY-MM-DD, default today in the dataset's time zone) to
    `output`, atomically, or else to `stream`; from the files on disk, or at `rev` from git."""
    if (output is None) == (stream is None):
        raise TypeError("export_list writes to one of output or stream")
    check_choices(fmt, lang)
    today = loader.today(root)
    try:
        day = date.fromisoformat(as_of) if as_of else today
    except ValueError:
        raise KremlinlistError("bad-date", _("--as-of takes a date as YYYY-MM-DD"),
                               usage=True) from None
    if day > today:
        raise KremlinlistError(
            "date-in-future", _("--as-of is after today ({today} in the dataset's time zone): the "
                                "list counts days in custody only up to today").format(
                                    today=today.isoformat()), usage=True)
    if output is not None and output.exists() and not force:
        raise KremlinlistError("output-exists", _("{output} exists; pass --force to replace it")
                               .format(output=output), usage=True)
    if output is not None and not output.parent.is_dir():
        raise KremlinlistError("no-output-folder",
                               _("no folder {folder} to write {file} into").format(
                                   folder=output.parent, file=output.name), usage=True)
    # the one git client of the export, where it reads git at all
    git = _client(root, needed=rev is not None) if rev is not None or fmt == "html" else None
    try:
        return _export(root, fmt, git, stream=stream, output=output, rev=rev, day=day,
                       lang=lang, progress=progress)
    finally:
        if git is not None:
            git.close()  # its `git cat-file` ends with the call


def _client(root: Path, needed: bool) -> GitClient | None:
    """The client the export reads git through: the chart's walk, the list at `--rev` and its
    advocacy all ask this one, which starts one `git cat-file`. None where there is no
    repository and only the chart wanted one (not `needed`): the page is made without it."""
    try:
        return GitClient(root)
    except KremlinlistError as exc:
        if needed or exc.code != "not-a-git-repository":
            raise
        return None


def _export(root: Path, fmt: str, git: GitClient | None, *, stream: BinaryIO | None,
            output: Path | None, rev: str | None, day: date, lang: str,
            progress: Callable[[int, int], None] | None) -> ExportResult:
    result = ExportResult()
    templates = root / "templates"
    series = None
    # the list on disk is read before the chart, which must count no one it withholds (not
    # committed yet, maybe); the list at `rev` after it: the walk over every month and that list
    # are never held at once
    cases = _complete(*history.list_cases(root, None, git),
                      said=functools.partial(said_on_disk, root)) if rev is None else None
    if fmt == "html":  # the months before the list's own; its month's point is the list itself
        # (below): the month's end, after the list's day, counted people released after it
        series = _size_series(git, root, rev or "HEAD", months.previous_month(
            day.strftime("%Y-%m")), progress, result.warnings, cases)
        if series is None:
            result.warnings.append(_("the page has no chart: the dataset is not in a git "
                                     "repository, so it has no history"))
    if cases is None:  # at `rev`, where `_client` gave a client or refused
        assert git is not None and rev is not None
        cases, names = _cases_at(git, rev)
    else:  # the withheld people's, read from the files on disk
        names = published_names.names_on_disk(root, cases, git)
    public = build_list(cases, day, *list_advocacy(root, rev, git))
    public, withheld = published_names.in_export(root, public, names)
    result.warnings += withheld
    if series is not None:
        series.append((day.strftime("%Y-%m"), public.count))
    options = dict(lang=lang, series=series, page=page_settings(loader.load_config(root)[0], lang),
                   template_dirs=[templates] if templates.is_dir() else None)
    if output is None:
        write_list(public, fmt, stream, **options)
    else:
        with atomic_file(output) as f:
            write_list(public, fmt, f, **options)
    return result


def _complete(cases: list, problems: list, said: Callable[[list], list]) -> list:
    """The cases, where every file loaded: an incomplete list would leave people out. The
    problems are `said` without a path holding a withheld person's name (`unnamed_paths`)."""
    errors = said([p for p in problems if p.is_error])
    if errors:
        raise KremlinlistError("list-incomplete", _("some case files do not load, so the list "
                                                    "would be incomplete; fix them first"),
                               problems=errors)
    return cases


def _cases_at(git: GitClient, rev: str) -> tuple[list, tuple[list[str], list[str]]]:
    """The cases at `rev`, each at the stricter of its publicity there and now
    (`withheld_since.now_levels`, as a release and the chart beside the list take it): someone
    withheld after `rev` is named in neither; and the names of those withheld, or gone since a
    month end of `rev`'s history (`published_names.names_at`), and its warnings."""
    commit = git.resolve(rev)
    snaps = history.Snapshots(git)
    snap = snaps.snapshot(commit)
    _complete([], git.entry_problems(commit, loader.CASES_DIR)
              + [p for ps in snap.problems.values() for p in ps],
              said=functools.partial(said_at, git, commit))
    now = withheld_since.now_levels(snaps, snap, rev)
    zone = months.timezone_for(snaps, rev, None)
    lines = withheld_since.month_ends_now(git, rev, zone, dates.today(zone))
    return ([withheld_since.as_strict_as(c, now) for c in history.cases_of(snap)],
            published_names.names_at(git, (snap,), now, lines))


def _cases_differ_from_head(root: Path) -> bool:
    """Whether a case file on disk differs from HEAD's, or is new, or was deleted: only then may
    the files on disk withhold someone HEAD does not (a warm export of a clean checkout reads
    no snapshot of HEAD for it)."""
    present, deleted = changed_since(root, None)
    return any(rel.startswith(loader.CASES_DIR + "/") for rel in (*present, *deleted))


def _size_series(git: GitClient | None, root: Path, rev: str, until: str,
                 progress: Callable[[int, int], None] | None,
                 warnings: list[str], disk: list | None) -> list[tuple[str, int]] | None:
    """The list's size month by month for the chart, walked with the export's client; None
    where the history cannot be read (no repository, a shallow clone): the page is still made,
    without the chart. A month whose count left out a file it never reads is said in
    `warnings`. With the cases on `disk` (the list is theirs), no month counts one they
    withhold, committed or not."""
    if git is None:
        return None
    try:
        now = at_rev = zone = None
        if disk is not None:  # the zone first: its refusal (no commit yet) is the walk's
            snaps = history.Snapshots(git)
            zone = months.timezone_for(snaps, rev, None)
            if _cases_differ_from_head(root):  # else the files on disk are HEAD's: its `now`
                at_rev = withheld_since.now_levels(snaps, snaps.snapshot(git.resolve(rev)), rev)
                now = withheld_since.with_disk(at_rev, disk)
        # the memo of what each month loses serves only the committed files' `now`
        points = published_series(root, rev, zone, until=until, progress=progress, git=git,
                                  now=now, now_on_disk=now != at_rev)
    except KremlinlistError as exc:
        if exc.code == "shallow-clone":
            return None
        raise
    warnings += unread_warnings(points)
    return [(p.month, p.count) for p in points]
