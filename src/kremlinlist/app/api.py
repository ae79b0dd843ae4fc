"""The library's front door: one dataset folder and what can be done with it.

`kremlinlist.open_dataset(path)` returns a `Dataset`; its methods are the command line's use cases
without the printing, so a script gets the same problems, the same list and the same change log
the commands show, and the same refusals (`KremlinlistError`). Nothing here prints or exits.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

from kremlinlist.app import actions as advocacy
from kremlinlist.app import export as exporting
from kremlinlist.app import release as releasing
from kremlinlist.app import review as reviewing
from kremlinlist.app import site as publishing
from kremlinlist.app import validate as validating
from kremlinlist.app.dataset import dataset_root
from kremlinlist.publish.changelog import ChangeLog


class Dataset:
    """A dataset folder (cases/, organizations/, criteria.yaml, kremlinlist.yaml), read afresh on
    every call: nothing is held between calls, so a script sees the files as they are now."""

    def __init__(self, root: Path | str):
        self.root = dataset_root(Path(root)).resolve()  # a later chdir changes nothing

    def __repr__(self) -> str:
        return f"Dataset({str(self.root)!r})"

    def validate(self, paths: list[str] | None = None, *, use_cache: bool = True,
                 jobs: int | None = None, identity: Path | None = None) -> validating.Report:
        """Check the dataset; with `paths` (in the dataset, `cases/x.yaml`, or absolute: a
        script's current folder does not matter), report only on those files and the cases they
        affect (as `kremlinlist validate PATH...`); with `identity` (a key file), sealed private
        blocks are opened and checked too. `report.ok()` is the command's exit status."""
        return validating.validate(
            self.root, None if paths is None else [os.fspath(self.root / p) for p in paths],
            use_cache=use_cache, jobs=jobs, identity=identity)

    def release(self, month: str, *, out: Path | None = None, force: bool = False,
                rev: str = "HEAD", tz: str | None = None, lang: str = "en",
                preview: bool = False) -> releasing.Release:
        """Write the release of a month that has ended (`kremlinlist release --month`); nothing
        is written if the dataset at the month's end does not validate. `lang` may name several
        languages, `en,uk`, written into one folder (docs/languages.md)."""
        return releasing.release(self.root, month, out=out, force=force, rev=rev, tz=tz,
                                 lang=lang, preview=preview)

    def export(self, fmt: str, *, rev: str | None = None, as_of: date | str | None = None,
               lang: str = "en") -> bytes:
        """The public list as md, html, csv or json bytes (`kremlinlist export`): the people
        listed and held on `as_of` (default today in the dataset's time zone), privacy applied.
        Refuses (`list-incomplete`) when a case file does not load."""
        out = io.BytesIO()
        exporting.export_list(self.root, fmt, stream=out, rev=rev, lang=lang,
                              as_of=as_of.isoformat() if isinstance(as_of, date) else as_of)
        return out.getvalue()

    def diff(self, old: str, new: str = "HEAD") -> ChangeLog:
        """Who was added, released, delisted or corrected between two git revisions, with the
        problems of the changed files (`kremlinlist diff`); `changelog_text.render_log` renders
        it."""
        return reviewing.diff_revisions(self.root, old, new)

    def actions(self, *, for_id: str | None = None, type: str | None = None,
                by: str | None = None, since: str | None = None,
                until: str | None = None) -> advocacy.ListedActions:
        """The advocacy actions, newest first, as they may be published (`kremlinlist actions`):
        a list of `ActionView`s, with `.unreadable`, the action files that did not load. An
        action for a withheld person never names them. Filters as the command's options."""
        return advocacy.list_actions(self.root, advocacy.ActionFilter(
            for_id=for_id, type=type, by=by, since=since, until=until))

    def site(self, out: Path | str, *, until: str | None = None,
             force: bool = False) -> publishing.SiteResult:
        """Build the static site of the last finished month (or `until`) into `out`
        (`kremlinlist site`); `force` replaces only a folder this wrote."""
        return publishing.build_site(self.root, out, until=until, force=force)


def open_dataset(path: Path | str) -> Dataset:
    """The dataset in the folder `path`, or the nearest one above it (as the commands find it); a
    folder in no dataset is refused at once (`not-a-dataset`) rather than read as an empty
    dataset, so a script never publishes an empty list."""
    return Dataset(path)


def validate(path: Path | str, paths: list[str] | None = None) -> validating.Report:
    """`open_dataset(path).validate(paths)`."""
    return open_dataset(path).validate(paths)


def release(path: Path | str, month: str, **options) -> releasing.Release:
    """`open_dataset(path).release(month, **options)`."""
    return open_dataset(path).release(month, **options)


def export(path: Path | str, fmt: str, **options) -> bytes:
    """`open_dataset(path).export(fmt, **options)`."""
    return open_dataset(path).export(fmt, **options)
