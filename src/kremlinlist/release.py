"""A month's release: the change log and the list as of the month's end, written all at once.

Only a dataset that validates at that month is published, and the folder appears whole or not at
all: the files are streamed into a temporary folder beside the target, which is then renamed into
place (with --force, swapped with the old one).
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Callable

from kremlinlist import changes, export, history, loader, parallel
from kremlinlist.cache import CleanCache, fingerprint
from kremlinlist.parallel import fork_map
from kremlinlist.problem import Problem, sort_problems
from kremlinlist.validate import cross_findings

LIST_FORMATS = ("md", "html", "csv", "json")
PAGE_IN_CHILD_FROM = 1000  # people from which the page is written on a second core


class ReleaseError(Exception):
    """The release was refused; nothing was written."""

    def __init__(self, problems: list[Problem], usage: bool = False):
        super().__init__("; ".join(p.message for p in problems))
        self.problems, self.usage = problems, usage


@dataclass
class Release:
    """A month's release, ready to write: the change log, and the list with what renders it."""

    month: str
    log: changes.ChangeLog
    public: export.PublicList
    series: list[tuple[str, int]]
    lang: str = "en"
    template_dirs: list[Path] | None = None
    path: Path | None = None

    def write_into(self, folder: Path) -> None:
        """Every file of the release into `folder`. The lists are streamed to their files; the
        page, the largest, is written by a forked process on a second core meanwhile."""
        folder = Path(folder)

        def write(name: str, fill: Callable[[BinaryIO], None]) -> None:
            with open(folder / name, "wb") as f:
                fill(f)
                f.flush()
                os.fsync(f.fileno())

        def listing(fmt: str) -> Callable[[BinaryIO], None]:
            return functools.partial(export.write, self.public, fmt, lang=self.lang,
                                     template_dirs=self.template_dirs, series=self.series)

        page = None
        if len(self.public.people) >= PAGE_IN_CHILD_FROM:
            import jinja2  # noqa: F401  (imported once, before the fork, for both processes)

            page = parallel.in_child(functools.partial(write, "list.html", listing("html")))
        try:
            write("CHANGELOG.md", lambda f: f.write(changes.render_md(self.log, self.lang).encode()))
            write("changes.json", lambda f: f.write(changes.render_json(self.log).encode()))
            for fmt in LIST_FORMATS:
                if fmt != "html" or page is None:
                    write(f"list.{fmt}", listing(fmt))
        finally:
            if page is not None:
                page()


BATCH = 2000  # files read and checked at a time by a first release: memory stays flat


def validate_snapshot(hist: history.History, commit: str, listing: list[history.FileChange],
                      today: date | None = None) -> tuple[list[Problem], dict[str, list]]:
    """validate's checks on the dataset at `commit` (its cases: `listing`), and the snapshot
    records of the files that had to be read. Files the clean cache knows (by blob id, which git
    gives without reading the file) are skipped, so a month costs its changed files; the others
    are read and checked a batch at a time on every core, each parsed once for both uses."""
    from kremlinlist.validate import context_from

    criteria_bytes, config_bytes = hist.settings_at(commit)
    ctx, problems = context_from(criteria_bytes, config_bytes, today)
    orgs = set()
    for ch in hist.changed_files(None, commit, loader.ORGS_DIR):
        data, refused = hist.read_blob(ch.rel, ch.new_blob or "")
        if data is None:
            problems += refused
            continue
        loaded = loader.load_bytes(ch.rel, data, "organization")
        problems += loaded.problems
        if loaded.model is None:
            continue
        orgs.add(loaded.model.id)  # type: ignore[union-attr]
    cache = CleanCache.open(hist.root, fingerprint(criteria_bytes or b"", config_bytes or b""))
    summaries: dict[str, dict] = {}
    misses = []
    for ch in sorted(listing, key=lambda c: c.rel):
        if ch.new_blob is None:
            continue
        hit = cache.get(ch.new_blob.partition(":")[0])
        if hit is not None and hit.get("id") == Path(ch.rel).stem:
            summaries[ch.rel] = hit
        else:
            misses.append((ch.rel, ch.new_blob))
    records: dict[str, list] = {}
    for start in range(0, len(misses), BATCH):
        batch = misses[start:start + BATCH]
        blobs = hist.read_blobs(batch)
        readable = [(rel, blobs[rel][0]) for rel, _ in batch if blobs[rel][0] is not None]
        results = dict(zip((rel for rel, _ in readable), _check_all(readable, ctx)))
        for rel, blob in batch:
            sha = blob.partition(":")[0]
            if rel not in results:
                problems += blobs[rel][1]
                continue
            result = results[rel]
            problems += result.problems
            summary = {k: v for k, v in result.summary.items() if k != "person"}
            summaries[rel] = summary
            if result.record is not None and not any(p.is_error for p in result.problems):
                records[sha] = result.record
            if not result.problems and result.blob == sha:
                cache.put(sha, result.summary)  # its `person` shows whether it may be kept
        del blobs, readable, results
    cache.save()
    problems += [Problem(rel, 0, 0, f.severity, f.code, f.message) for rel, fs in
                 cross_findings(list(summaries.items()), orgs).items() for f in fs]
    return sort_problems(problems), records


def _check_one(ctx, item: tuple[str, bytes]):
    from kremlinlist.validate import check_case_bytes

    return check_case_bytes(item[0], item[1], ctx, record=True)


def _check_all(items: list[tuple[str, bytes]], ctx) -> list:
    """validate's per-file checks, on forked workers when there are many files (a month whose
    files the clean cache does not know yet, e.g. the first release)."""
    return fork_map(functools.partial(_check_one, ctx), items)


def build(root: Path | str, month: str, *, rev: str = "HEAD", tz: str | None = None,
          lang: str = "en", today: date | None = None,
          template_dirs: list[Path] | None = None) -> Release:
    """Render a month's release in memory. Raises ReleaseError if the dataset at the month's end
    does not validate."""
    with history.paused_gc():
        return _build(root, month, rev=rev, tz=tz, lang=lang, today=today,
                      template_dirs=template_dirs)


def _build(root: Path | str, month: str, *, rev: str, tz: str | None, lang: str,
           today: date | None, template_dirs: list[Path] | None) -> Release:

    hist = history.History(root)
    zone = history.timezone_for(hist, rev, tz)
    end = history.month_end(hist, month, rev, zone)
    to = history.require_commit(hist, end, rev)
    start = history.month_end(hist, history.previous_month(month), rev, zone)
    listing = hist.changed_files(None, to)
    problems, records = validate_snapshot(hist, to, listing, today)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ReleaseError(errors)
    if start.commit is not None and hist.has_snapshot(start.commit) and not hist.has_snapshot(to):
        # The editor's monthly case: last month's release stored its snapshot; this month's is
        # that one moved forward by the month's changed files (whose records validation made).
        old_snap = hist.snapshot(start.commit)
        old_snap.records = {**old_snap.records, **records}
        new_snap, _ = hist.advance(old_snap, to)
    else:
        new_snap = hist.snapshot(to, known=records, listing=listing)
        old_snap, _ = hist.advance(new_snap, start.commit)
    hist.keep_near(new_snap, old_snap)  # stores the new one, with what differs in the old one
    changed = [c.rel for c in hist.changed_files(start.commit, to)]
    log = changes.compare(old_snap.files, new_snap.files, changed,
                          old_as_of=start.last_day, new_as_of=end.last_day, month=month,
                          from_commit=start.commit, to_commit=to)
    series = [(p.month, p.count) for p in history.monthly_series(
        root, rev, zone, until=month, known=(old_snap, new_snap))]
    public = export.build_list(history.cases_of(new_snap), end.last_day)
    return Release(month, log, public, series, lang, template_dirs)


def write_folder(target: Path, fill: Callable[[Path], None], force: bool = False) -> None:
    """Have `fill` write the folder `target`, which appears whole or not at all."""
    target = Path(target)
    if target.exists() and not force:
        raise ReleaseError([Problem(str(target), 0, 0, "error", "release-exists",
                                    "this release already exists; pass --force to replace it")],
                           usage=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".old"))
            os.rmdir(old)
            os.rename(target, old)
            try:
                os.rename(tmp, target)
            except BaseException:
                os.rename(old, target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def release(root: Path | str, month: str, *, out: Path | None = None, force: bool = False,
            rev: str = "HEAD", tz: str | None = None, lang: str = "en",
            today: date | None = None) -> Release:
    """Build and write `releases/YYYY-MM/` (or `out`)."""
    root = Path(root)
    target = Path(out) if out is not None else root / "releases" / month
    if target.exists() and not force:
        raise ReleaseError([Problem(str(target), 0, 0, "error", "release-exists",
                                    "this release already exists; pass --force to replace it")],
                           usage=True)
    templates = root / "templates"
    rel = build(root, month, rev=rev, tz=tz, lang=lang, today=today,
                template_dirs=[templates] if templates.is_dir() else None)
    write_folder(target, rel.write_into, force)
    rel.path = target
    return rel
