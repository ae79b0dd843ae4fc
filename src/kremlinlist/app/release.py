"""A month's release: the change log and the list as of the month's end, written all at once.
It is made after the month, so each person is published at the stricter of their publicity at
the month's end and now, the stricter of the tip of `rev` and HEAD (`publish/withheld_since.py`,
the site's rule too): a withholding committed since is honoured, in the list, the change log and
every month of the chart.

Only a dataset that validates at that month is published, and the folder appears whole or not at
all: the files are streamed into a temporary folder beside the target, which is then renamed into
place (with --force, swapped with the old one). One run at a time writes a given folder (a lock
beside it), the rename without --force cannot replace a folder another run put there meanwhile,
and a run killed half-way is completed or rolled back by the next.
"""

from __future__ import annotations

import codecs
import functools
import json
import os
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Callable

from kremlinlist.base.i18n import _, ngettext
from kremlinlist.app import published_names
from kremlinlist.app.actions import (actions_at, coalitions_at, new_actions, published_count,
                                     snapshot_problems_by_file)
from kremlinlist.publish import changelog as changes
from kremlinlist.publish.changelog_text import render_json, render_md
from kremlinlist.model import dates, redaction, timeline
from kremlinlist.publish.public_list import PublicList, build_list
from kremlinlist.publish import withheld_since
from kremlinlist.publish.templates import page_settings
from kremlinlist.publish.writers import write_list
from kremlinlist.history import months
from kremlinlist.history import snapshot as history
from kremlinlist.history.git import FileChange, GitClient
from kremlinlist.files import loader
from kremlinlist.files.layout import KIND_OF_FOLDER
from kremlinlist.base import parallel
from kremlinlist.caches.clean import CleanCache, fingerprint
from kremlinlist.caches.clean_blobs import CleanBlobs
from kremlinlist.caches.tokens import TokenKey, token_secret
from kremlinlist.base.problem import Problem, capped, sort_problems
from kremlinlist.checks.advocacy import NamedPaths, said_unnamed
from kremlinlist.checks.across import cross_findings
from kremlinlist.checks.context import context_from
from kremlinlist.checks.engine import check_files
from kremlinlist.base.gc import paused_gc
from kremlinlist.base import whole_folder
from kremlinlist.publish.series import published_series, unread_warnings
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import LANGUAGES

LIST_FORMATS = ("md", "html", "csv", "json")
WORDED_FORMATS = ("md", "html")  # the lists with words in them: one per language of a release
PAGE_IN_CHILD_FROM = 1000  # people from which the page is written on a second core
# What a template refuses with: a release says, in addition, that it wrote nothing.
TEMPLATE_REFUSALS = ("template-failed", "template-not-found", "template-syntax", "templates-missing",
                     "template-link")


@dataclass
class Release:
    """A month's release, ready to write: the change log, and the list with what renders it."""

    month: str
    log: changes.ChangeLog
    public: PublicList
    series: list[tuple[str, int]]
    lang: str = "en"  # or several, "en,uk": see `languages`
    template_dirs: list[Path] | None = None
    path: Path | None = None
    page: Any = None  # kremlinlist.yaml at the release's commit: noindex, the coalition's name
    # what the user is told besides (a month the chart counted without a file it never reads)
    warnings: list[str] = field(default_factory=list)

    def write_into(self, folder: Path) -> None:
        """Every file of the release into `folder`. The lists are streamed to their files; the
        page, the largest, is written by a forked process on a second core meanwhile. In several
        languages, the first has the usual names and each other one its own change log, list.md
        and page beside them (`CHANGELOG.uk.md`, `list.uk.md`, `list.uk.html`); changes.json and
        the csv and json lists hold no words, so there is one of each."""
        folder = Path(folder)
        first, *others = languages(self.lang)

        def write(name: str, fill: Callable[[BinaryIO], None]) -> None:
            with open(folder / name, "wb") as f:
                fill(f)
                f.flush()
                os.fsync(f.fileno())

        def listing(fmt: str, lang: str = first) -> Callable[[BinaryIO], None]:
            return functools.partial(write_list, self.public, fmt, lang=lang,
                                     template_dirs=self.template_dirs, series=self.series,
                                     page=self.page and page_settings(self.page, lang))

        page = None
        if len(self.public.people) >= PAGE_IN_CHILD_FROM:
            import jinja2  # noqa: F401  (imported once, before the fork, for both processes)

            page = parallel.in_child(functools.partial(write, "list.html", listing("html")))
        try:
            write("CHANGELOG.md", lambda f: f.write(render_md(self.log, first).encode()))
            write("changes.json", lambda f: f.write(render_json(self.log).encode()))
            for fmt in LIST_FORMATS:
                if fmt != "html" or page is None:
                    write(f"list.{fmt}", listing(fmt))
            for lang in others:
                write(f"CHANGELOG.{lang}.md",
                      lambda f, lang=lang: f.write(render_md(self.log, lang).encode()))
                for fmt in WORDED_FORMATS:
                    write(f"list.{lang}.{fmt}", listing(fmt, lang))
        except BaseException:
            if page is not None:
                page.cancel()  # its page is not wanted now: stopped, not waited for
            raise
        if page is not None:
            page()


def languages(lang: str) -> tuple[str, ...]:
    """The languages of a release: one (`uk`) or several, comma-separated (`en,uk`), the first
    the release's own. A language the tool does not speak is refused (the command line offers
    only those it does)."""
    found = tuple(dict.fromkeys(p.strip().lower() for p in lang.split(",") if p.strip()))
    unknown = [part for part in found if part not in LANGUAGES]
    if not found or unknown:
        raise KremlinlistError("bad-choice", _(
            "--lang: choose one of {choices}, or several separated by commas (en,uk)").format(
                choices=", ".join(LANGUAGES)), usage=True)
    return found


BATCH = 2000  # files read and checked at a time by a first release: memory stays flat


def validate_snapshot(git: GitClient, commit: str, listing: list[FileChange],
                      today: date | None = None,
                      withheld_then: Callable[[], tuple[list[str], set[str]] | None] | None = None
                      ) -> tuple[list[Problem], dict[str, list]]:
    """The errors of validate's checks on the dataset at `commit` (its cases: `listing`), what a
    refused release prints, and the snapshot records of the files that had to be read. Files the
    clean cache knows (by blob id, which git gives without reading the file, or by a withheld
    person's token) are skipped, so a month costs its changed files; the others are read and
    checked a batch at a time on every core, each parsed once for both uses. The errors are
    said without a path holding a name or id of whoever `withheld_then` finds
    (`withheld_since.withheld_until`: at any month end up to the month, or now; given None,
    whoever is withheld at `commit`), read only if an error's path may hold one: the warnings,
    which a release never prints, are neither said nor read for."""
    criteria_bytes, config_bytes = git.settings_at(commit)
    ctx, problems = context_from(criteria_bytes, config_bytes, today)
    for folder in KIND_OF_FOLDER:  # what diff-tree leaves out: folders, .yml
        problems += git.entry_problems(commit, folder)
    orgs = set()
    for ch in git.changed_files(None, commit, loader.ORGS_DIR):
        data, refused = git.read_blob(ch.rel, ch.new_blob or "")
        if data is None:
            problems += refused
            continue
        loaded = loader.load_bytes(ch.rel, data, "organization")
        problems += loaded.problems
        if loaded.model is None:
            continue
        orgs.add(loaded.model.id)  # type: ignore[union-attr]
    secret = token_secret(git.root)
    cache = CleanBlobs(CleanCache.open(git.root, fingerprint(criteria_bytes or b"",
                                                             config_bytes or b""), ctx.today,
                                     secret),  # what it puts it checked: vouched for
                       TokenKey(secret, frozenset(orgs)) if secret is not None else None)
    summaries: dict[str, dict] = {}
    records: dict[str, list] = {}
    items = [(ch.rel, ch.new_blob) for ch in sorted(listing, key=lambda c: c.rel)
             if ch.new_blob is not None]
    for rel, blob, result, refused in check_files(items, git.read_blobs, ctx, cache, BATCH,
                                                  record=True):
        if result is None:
            problems += refused
            continue
        if result.known:
            summaries[rel] = result.summary
            continue
        problems += result.problems
        summaries[rel] = {k: v for k, v in result.summary.items() if k != "person"}
        if result.record is not None and not any(p.is_error for p in result.problems):
            records[blob.partition(":")[0]] = result.record
    cache.save()
    problems += [Problem(rel, 0, 0, f.severity, f.code, f.message) for rel, fs in
                 cross_findings(list(summaries.items()), orgs).items() for f in fs]
    found, named = snapshot_problems_by_file(git, commit, summaries.items(), orgs, ctx.today,
                                             ctx.config.repository == "public")
    # every problem of a path under actions/ that holds a withheld person's name, the entries'
    # (a folder, a `.yml`) too, is said without it: a release's log is public in CI
    problems += found
    errors = [p for p in problems if p.is_error]
    if withheld_then is not None and errors:
        named = NamedPaths(named.paths, withheld_then, named.is_case_file)
    # numbered among the paths of every problem, the warnings' too: as a refusal said them
    number = named.numbers(p.file for p in problems) if any(
        named.holds(p.file) for p in errors) else {}
    return sort_problems(said_unnamed(errors, named, number)), records


PREVIEW_MARK = "PREVIEW, not a release"
_PREVIEW_JSON = '{\n  "preview": true,'  # how a preview's JSON files begin (mark_preview)


def check_month(month: str, today: date, preview: bool = False) -> None:
    """Only a month that has ended (in the dataset's time zone) is released, so a release never
    counts days in custody into the future; a preview may show the month under way, as of today,
    but never a month that has not begun. `today` comes from `dates.today`."""
    last_day = months.month_bounds(month)[1]
    latest = months.previous_month(f"{today.year:04d}-{today.month:02d}")
    if last_day.replace(day=1) > today:
        raise KremlinlistError("month-in-future", _("{month} has not begun yet in the dataset's "
                                                    "time zone; the latest month that can be "
                                                    "released is {latest}").format(
                                                        month=month, latest=latest), usage=True)
    if last_day >= today and not preview:
        raise KremlinlistError("month-not-ended", _("{month} has not ended yet in the dataset's "
                                                    "time zone; the latest month that can be "
                                                    "released is {latest} (pass --preview to look "
                                                    "at the month so far)").format(
                                                        month=month, latest=latest), usage=True)


def build(root: Path | str, month: str, *, rev: str = "HEAD", tz: str | None = None,
          lang: str = "en", today: date | None = None,
          template_dirs: list[Path] | None = None, preview: bool = False,
          progress: Callable[[int, int], None] | None = None) -> Release:
    """Render a month's release in memory. Raises KremlinlistError if the month has not ended (with
    `preview`: has not begun) or if the dataset at the month's end does not validate. `today`
    defaults to today in the dataset's time zone."""
    with paused_gc(), timeline.remembered(), closing(GitClient(root)) as git:
        return _build(git, month, rev=rev, tz=tz, lang=lang, today=today,
                      template_dirs=template_dirs, preview=preview, progress=progress)[0]


def build_with_snapshot(git: GitClient, month: str, *, rev: str = "HEAD",
                        tz: str | None = None, today: date | None = None,
                        template_dirs: list[Path] | None = None) -> tuple[Release, Made]:
    """`build` through the caller's client (the site's, which reads the same commits), with what
    the site makes the rest of itself from (`Made`), each computed once, here."""
    with paused_gc(), timeline.remembered():
        return _build(git, month, rev=rev, tz=tz, lang="en", today=today,
                      template_dirs=template_dirs, preview=False)


@dataclass
class Made:
    """What a release was made from, besides itself, for the site: the snapshot at the month's
    end (its entries, without the records it was stored from: the site reads it instead of
    reading the stored one back, which at 50,000 cases would be a second copy of every case);
    who is at which publicity now (`withheld_since.now_levels`); and the month's end cases at
    their stricter publicity, which the list, the log and its advocacy were made from; and the
    names of those withheld, which no text published may hold (`app.published_names`)."""

    snap: history.Snapshot
    now: dict[str, str]
    cases: list[Any]
    withheld_names: list[str]


def _build(git: GitClient, month: str, *, rev: str, tz: str | None, lang: str,
           today: date | None, template_dirs: list[Path] | None, preview: bool,
           progress: Callable[[int, int], None] | None = None) -> tuple[Release, Made]:
    root = git.root
    snaps = history.Snapshots(git)
    zone = months.timezone_for(snaps, rev, tz)
    today = today or dates.today(zone)
    check_month(month, today, preview)
    end = months.month_end(git, month, rev, zone)
    as_of = min(end.last_day, today)
    timeline.remember(as_of)  # asked of everyone by the list, the change log and the chart
    to = months.require_commit(git, end, rev)
    months.require_in_order(git, end, rev, zone)
    start = months.start_of_next(git, months.previous_month(month), rev, zone)
    listing = git.changed_files(None, to)
    errors, records = validate_snapshot(git, to, listing, today, functools.partial(
        withheld_since.withheld_until, git, month, rev, zone, (to,)))
    if errors:
        raise KremlinlistError("release-invalid", _(
            "the dataset at the end of {month} (commit {commit} of {day}) does not validate; "
            "nothing was written. Its problems are in the files as that commit holds them, which "
            "no later commit changes: release the month from its last commit that validates, "
            "with --rev COMMIT (the month's commits after it are then in neither this change log "
            "nor the next, only in the next month's list), or, if the commit validated with the "
            "kremlinlist version in use then, release with that version").format(
                month=month, commit=to[:12], day=git.commit_time(to).date().isoformat()),
            problems=capped(errors))
    if start.commit is not None and snaps.has_snapshot(start.commit) and not snaps.has_snapshot(to):
        # The editor's monthly case: last month's release stored its snapshot; this month's is
        # that one moved forward by the month's changed files (whose records validation made).
        old_snap = snaps.snapshot(start.commit)
        old_snap.records = {**old_snap.records, **records}
        new_snap = snaps.advance(old_snap, to)[0]
    else:
        new_snap = snaps.snapshot(to, known=records, listing=listing)
        old_snap = snaps.advance(new_snap, start.commit)[0]
    snaps.keep_near(new_snap, old_snap)  # stores the new one, with what differs in the old one
    # Each person at the stricter of their publicity then and now, at both ends of the month:
    # one whose file is gone now (deleted during the month, as a public repository withholds)
    # is hidden at both, and so in neither the counts nor the lines.
    now = withheld_since.now_levels(snaps, new_snap, rev)
    new_files = withheld_since.as_strict_files(new_snap.files, now, redaction.HIDDEN)
    old_files = withheld_since.as_strict_files(old_snap.files, now, redaction.HIDDEN)
    cases = [e.lite for e in new_files.values() if e.lite is not None]
    changed = [c.rel for c in git.changed_files(start.commit, to)]
    log = changes.compare(old_files, new_files, changed, old_as_of=start.last_day,
                          new_as_of=as_of, month=month, from_commit=start.commit, to_commit=to)
    log.actions = new_actions(git, start.commit, to, cases)
    log.published = published_count(coalitions_at(git, to))
    points = published_series(root, rev, zone, until=month, known=(old_snap, new_snap),
                              progress=progress, git=git, now=now)
    series = [(p.month, p.count) for p in points]
    public = build_list(cases, as_of, actions_at(git, to), log.published)
    public, withheld, names = published_names.in_release(
        git, to, (new_snap, old_snap), now, public, log,
        withheld_since.month_ends_now(git, rev, zone, today))
    # Stored: its records (and what the store read or wrote of them) are not needed any more.
    new_snap.records = {}
    snaps.store.read_back.clear()
    warnings = withheld + unread_warnings(points)
    if gone := withheld_since.gone_now(now, old_snap.files, new_snap.files):
        warnings.append(ngettext(
            "{n} person of this month has no file now (deleted, or renamed without `former_ids`), "
            "so the release leaves them out as withheld; if a file was deleted by mistake, restore "
            "it and release again with --force (`git log --diff-filter=D -- cases/` lists the "
            "deletions)",
            "{n} people of this month have no file now (deleted, or renamed without `former_ids`), "
            "so the release leaves them out as withheld; if a file was deleted by mistake, restore "
            "it and release again with --force (`git log --diff-filter=D -- cases/` lists the "
            "deletions)", gone).format(n=gone))
    rel = Release(month, log, public, series, lang, template_dirs,
                  page=history.config_at(git, to), warnings=warnings)
    return rel, Made(new_snap, now, cases, names)


def _exists_refusal(target: Path) -> KremlinlistError:
    return KremlinlistError("release-exists", _("this release already exists; pass --force to "
                                                "replace it: {folder}").format(folder=target),
                            usage=True)


RELEASE_FILES = frozenset({"CHANGELOG.md", "changes.json", *(f"list.{f}" for f in LIST_FORMATS)})
# What a release in several languages adds for each language after the first.
OTHER_LANGUAGE_FILES = frozenset({*(f"CHANGELOG.{lang}.md" for lang in LANGUAGES),
                                  *(f"list.{lang}.{f}" for lang in LANGUAGES
                                    for f in WORDED_FORMATS)})


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies in it, links and `..` resolved."""
    path, folder = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return path == folder or folder in path.parents


def _check_replaceable(target: Path) -> None:
    """`--force` replaces a release, never anything else: `--out cases --force` must not swap the
    dataset's own folder away. A target that is a file, a link, or a folder holding anything but
    a release's files is refused."""
    if target.is_symlink() or not target.is_dir():
        raise KremlinlistError("not-a-release-folder", _("not a folder; nothing was written: "
                                                         "{path}").format(path=target), usage=True)
    if not {p.name for p in target.iterdir()} <= RELEASE_FILES | OTHER_LANGUAGE_FILES:
        raise KremlinlistError("not-a-release-folder", _("this folder holds files a release "
                                                         "does not write; nothing was replaced: "
                                                         "{folder}").format(folder=target),
                               usage=True)


def _check_same_month(target: Path, month: str) -> None:
    """`--force` replaces this month's release, never another month's (`-o releases/2026-10
    --month 2026-11`): the month the folder's changes.json says. One that does not say keeps the
    file-name check only."""
    try:
        said = json.loads((target / "changes.json").read_text(encoding="utf-8")).get("month")
    except (OSError, ValueError, AttributeError):
        return
    if said is not None and said != month:
        raise KremlinlistError("release-other-month", _(
            "this folder holds the release of {other}, not of {month}; nothing was replaced: "
            "{folder}").format(other=said, month=month, folder=target), usage=True)


def _check_replaceable_by_preview(target: Path) -> None:
    """A preview replaces a preview only: never a release (its changes.json is not marked)."""
    _check_replaceable(target)
    if not any(target.iterdir()):
        return
    try:
        marked = (target / "changes.json").read_text(encoding="utf-8").startswith(_PREVIEW_JSON)
    except (OSError, UnicodeDecodeError):
        marked = False
    if not marked:
        raise KremlinlistError("not-a-preview-folder", _("this folder holds a release, which a "
                                                         "preview never replaces; nothing was "
                                                         "written: {folder}").format(
                                                             folder=target), usage=True)


def mark_preview(folder: Path) -> None:
    """Mark every file of a preview as one, so that it cannot pass for a release: a first line
    (a title in the Markdown, a first cell in the CSV), the page's title and a banner, and
    `"preview": true` first in both JSON files."""
    folder = Path(folder)
    banner = f"**{PREVIEW_MARK}**"
    infixes = ("", *(f".{lang}" for lang in LANGUAGES))  # a release's names in each language
    heads = {"list.csv": f'"# {PREVIEW_MARK}"\n'}  # quoted: one cell, though the mark has a comma
    for infix in infixes:
        heads[f"CHANGELOG{infix}.md"] = heads[f"list{infix}.md"] = f"> {banner}\n\n"
    for name, head in heads.items():
        path = folder / name
        if path.exists():
            data = path.read_bytes()
            bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
            # the CSV's byte-order mark stays first, where spreadsheets look for it
            path.write_bytes(bom + head.encode() + data[len(bom):])
    for name in ("changes.json", "list.json"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        path.write_text(_PREVIEW_JSON + text[1:] if text.startswith("{\n") else text,
                        encoding="utf-8")
    for path in (folder / f"list{infix}.html" for infix in infixes):
        if not path.exists():
            continue
        html = path.read_text(encoding="utf-8")
        html = html.replace("<title>", f"<title>{PREVIEW_MARK}: ", 1)
        at = html.find(">", html.find("<body")) + 1
        if at > 0:
            html = html[:at] + f"\n<p><strong>{PREVIEW_MARK}</strong></p>" + html[at:]
        path.write_text(html, encoding="utf-8")


def write_folder(target: Path, fill: Callable[[Path], None], force: bool = False,
                 replaceable: Callable[[Path], None] = _check_replaceable) -> None:
    """`whole_folder.write_folder`, a folder already there refused as a release that exists."""
    whole_folder.write_folder(target, fill, force, replaceable, _exists_refusal)


def release(root: Path | str, month: str, *, out: Path | None = None, force: bool = False,
            rev: str = "HEAD", tz: str | None = None, lang: str = "en",
            today: date | None = None, preview: bool = False,
            progress: Callable[[int, int], None] | None = None) -> Release:
    """Build and write `releases/YYYY-MM/` (or `out`). A `preview` goes to `previews/YYYY-MM/`
    (git-ignored; replaced by the next preview of that month) or `out`, every file marked.
    `lang` is one language or several, comma-separated (`en,uk`), written into one folder."""
    languages(lang)  # an unknown language is refused before any work
    root = Path(root)
    default = root / ("previews" if preview else "releases") / month
    target = Path(out) if out is not None else default
    if preview and out is None:
        force = True  # a preview is the editor's scratch copy, never published
    if preview and _inside(target, root / "releases"):
        raise KremlinlistError("preview-in-releases", _(
            "a preview is never written into releases/, where it could pass for a release; leave "
            "--out out (it goes to previews/) or give a folder elsewhere"), usage=True)
    replaceable_folder = _check_replaceable_by_preview if preview else _check_replaceable

    def replaceable(folder: Path) -> None:
        replaceable_folder(folder)
        _check_same_month(folder, month)

    if os.path.lexists(target):  # early, to spare the build; write_folder decides
        replaceable(target)  # before --force is suggested: `--out cases` is never replaced
        if not force:
            raise _exists_refusal(target)
    templates = root / "templates"
    try:
        rel = build(root, month, rev=rev, tz=tz, lang=lang, today=today,
                    template_dirs=[templates] if templates.is_dir() else None, preview=preview,
                    progress=progress)

        def fill(folder: Path) -> None:
            rel.write_into(folder)
            if preview:
                mark_preview(folder)

        write_folder(target, fill, force, replaceable)
    except KremlinlistError as exc:
        if exc.code not in TEMPLATE_REFUSALS:
            raise
        raise KremlinlistError(exc.code, _("{problem}; nothing was written").format(
            problem=exc.message)) from None
    rel.path = target
    return rel
