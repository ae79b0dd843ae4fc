"""`kremlinlist site`: the public site, built from the dataset's history of finished months.

The last finished month (or `until`) is built as a release is (`release.build`: the same month
rule, the same validation, the same list and chart); each earlier month's change log comes from
the same snapshots and the same `changelog.compare`. Person pages are made from the cases at the
month's end through `redaction.public_case`, so an anonymous or hidden person has no page, file,
search entry or feed item. The folder appears whole or not at all (`release.write_folder`).
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kremlinlist.app import release
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.files import loader
from kremlinlist.history import months
from kremlinlist.history.git import GitClient
from kremlinlist.history.snapshot import Snapshots
from kremlinlist.model import dates, redaction
from kremlinlist.model.case import Case
from kremlinlist.publish import changelog as changes
from kremlinlist.publish import site_data, site_feed, site_pages
from kremlinlist.publish.changelog_text import render_json
from kremlinlist.publish.public_list import PublicList, build_list
from kremlinlist.publish.writers import write_list

LANGS = ("en", "uk")
# What only a site folder holds: `--force` replaces such a folder and nothing else.
SITE_MARK = "data/datapackage.json"


@dataclass
class SiteResult:
    """What the command tells the user: never a value from a case file."""

    path: Path
    month: str
    months: list[str]
    people: int  # person pages per language
    files: int


def person_actions(case_id: str) -> list[dict[str, Any]]:
    """The advocacy actions for a person, newest first (`title`, `date`, `url`), for their page.
    None are recorded yet: the advocacy issue (actions/, coalitions/) fills this in."""
    return []


def coalitions_at(git: GitClient, commit: str) -> list[dict[str, Any]]:
    """The coalitions of coalitions/ at `commit` (`name`, and the count they publish), once the
    advocacy issue adds that folder; none until then."""
    return []


@dataclass
class _Month:
    log: changes.ChangeLog
    last_day: date


def _month_logs(git: GitClient, snaps: Snapshots, rev: str, zone: str, last: str,
                last_log: changes.ChangeLog) -> list[_Month]:
    """Every finished month's change log up to `last` (whose log the release made), each made
    as a release makes it: the snapshots at two month ends compared, newest month first."""
    chain = git.first_parent_chain(rev)
    if not chain:
        return [_Month(last_log, months.month_bounds(last, zone)[1])]
    names = months.month_range(chain[-1][1], months.month_bounds(last, zone)[1], zone)
    bounds = [months.month_bounds(m, zone) for m in names]
    commits = months.commits_before(chain, [boundary for boundary, _day in bounds])
    out: list[_Month] = []
    snap = None
    prev_commit: str | None = None
    prev_day = months.month_bounds(months.previous_month(names[0]), zone)[1]
    for month, commit, (_boundary, last_day) in zip(names, commits, bounds):
        if commit is None:
            prev_day = last_day
            continue
        if month == last:
            out.append(_Month(last_log, last_day))
            break
        if snap is None:
            new = snaps.snapshot(commit)
            snap, _changes = snaps.advance(new, prev_commit)
        else:
            new, _changes = snaps.advance(snap, commit)
        changed = [c.rel for c in git.changed_files(prev_commit, commit)]
        log = changes.compare(snap.files, new.files, changed, old_as_of=prev_day,
                              new_as_of=last_day, month=month, from_commit=prev_commit,
                              to_commit=commit)
        out.append(_Month(log, last_day))
        snap, prev_commit, prev_day = new, commit, last_day
    return out[::-1]


def _cases_at(git: GitClient, commit: str) -> list[Case]:
    """Every case at `commit`, whole (the person pages need timelines, sources and quotes);
    the release's validation of that commit has passed, so each one loads."""
    listing = git.changed_files(None, commit)
    blobs = git.read_blobs([(c.rel, c.new_blob) for c in listing if c.new_blob], batch=True)
    out = []
    for rel, (data, _problems) in sorted(blobs.items()):
        if data is not None:
            model = loader.load_bytes(rel, data, "case").model
            if isinstance(model, Case):
                out.append(model)
    return out


def _info(git: GitClient, snaps: Snapshots, commit: str, as_of: date,
          logs: list[_Month]) -> site_pages.SiteInfo:
    config = snaps.config_at(commit)
    criteria_bytes, _config = git.settings_at(commit)
    crit: dict[str, dict[str, dict[str, str]]] = {}
    if criteria_bytes is not None:
        model = loader.load_bytes(loader.CRITERIA_FILE, criteria_bytes, "criteria").model
        if model is not None:
            crit = {kind: {d.id: {"en": d.text.en, "uk": d.text.uk}
                           for d in getattr(model, kind)}
                    for kind in ("criteria", "signs", "exclusions")}
    orgs = []
    for ch in git.changed_files(None, commit, loader.ORGS_DIR):
        data, _refused = git.read_blob(ch.rel, ch.new_blob or "")
        model = loader.load_bytes(ch.rel, data, "organization").model if data else None
        if model is not None:
            orgs.append(model.model_dump(mode="json", exclude={"sources"}))
    orgs.sort(key=lambda o: o["name"]["en"].casefold())
    coalition = config.coalition.model_dump(exclude_none=True) if config.coalition else None
    return site_pages.SiteInfo(as_of=as_of, noindex=config.noindex, coalition=coalition,
                               criteria=crit, organizations=orgs,
                               coalitions=coalitions_at(git, commit),
                               months=[m.log.month or "" for m in logs])


def _page_people(cases: list[Case], as_of: date) -> list[Case]:
    """Who has a page: the public people the coalition listed by `as_of`, in custody or not
    (a released person's page stays); never an anonymous or hidden one."""
    out = []
    for case in cases:
        a = case.assessment
        if redaction.public_case(case) is None or a.decision != "listed":
            continue
        if a.since is not None and a.since.earliest > as_of:
            continue
        out.append(case)
    return sorted(out, key=lambda c: c.id)


def _check_replaceable(target: Path) -> None:
    """`--force` replaces a site folder and nothing else: a dataset or a release is refused."""
    if target.is_symlink() or not target.is_dir() or not (target / SITE_MARK).is_file():
        raise KremlinlistError("not-a-site-folder", _("not a folder `kremlinlist site` wrote; "
                               "nothing was replaced: {path}").format(path=target), usage=True)


@dataclass
class _Build:
    """Everything the site's files are written from."""

    info: site_pages.SiteInfo
    public: PublicList
    series: list[tuple[str, int]]
    logs: list[_Month]
    people: list[Case]
    renamed: dict[str, str]  # former id -> id, for a person with a page
    template_dirs: list[Path] | None
    site_url: str | None


def build_site(root: Path | str, out: Path | str, *, until: str | None = None,
               force: bool = False, rev: str = "HEAD", tz: str | None = None,
               today: date | None = None) -> SiteResult:
    """Build the site of the last finished month (or `until`) into the folder `out`."""
    root, target = Path(root), Path(out)
    if os.path.lexists(target):
        if not force:
            raise KremlinlistError("site-exists", _("this folder already exists; pass --force to "
                                   "replace it: {path}").format(path=target), usage=True)
        _check_replaceable(target)
    git = GitClient(root)
    snaps = Snapshots(git)
    zone = months.timezone_for(snaps, rev, tz)
    today = today or dates.today(zone)
    last = until or months.previous_month(f"{today.year:04d}-{today.month:02d}")
    templates = root / "templates"
    template_dirs = [templates] if templates.is_dir() else None
    rel = release.build(root, last, rev=rev, tz=tz, today=today, template_dirs=template_dirs)
    commit = rel.log.to_commit
    assert commit is not None  # release.build refuses a month without one
    as_of = rel.public.as_of
    cases = _cases_at(git, commit)
    public_ids = {i for c in cases if redaction.level(c) == redaction.PUBLIC
                  for i in (c.id, *c.former_ids)}
    hidden_ids = {i for c in cases if redaction.level(c) == redaction.HIDDEN
                  for i in (c.id, *c.former_ids)}
    logs = [_Month(site_pages.as_published_now(m.log, public_ids, hidden_ids), m.last_day)
            for m in _month_logs(git, snaps, rev, zone, last, rel.log)]
    people = _page_people(cases, as_of)
    ids = {c.id for c in people}
    renamed = {old: c.id for c in people for old in c.former_ids if old not in ids}
    config = snaps.config_at(commit)
    build = _Build(_info(git, snaps, commit, as_of, logs), build_list(cases, as_of), rel.series,
                   logs, people, renamed, template_dirs, config.site_url)
    written: list[int] = []
    release.write_folder(target, functools.partial(_fill, build, written), force)
    return SiteResult(target, last, [m.log.month or "" for m in build.logs], len(people),
                      written[0] if written else 0)


def _write(folder: Path, rel: str, data: bytes, count: list[int]) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    count[0] += 1


def _fill(b: _Build, written: list[int], folder: Path) -> None:
    """Every file of the site into `folder` (a temporary folder renamed into place after)."""
    count = [0]
    renderer = site_pages.PageRenderer(b.info, b.template_dirs)
    pages = {c.id for c in b.people}
    rows = {p.id: p for p in b.public.people if not p.anonymous and p.id}
    _write(folder, "index.html", site_pages.index_page(), count)
    _write(folder, ".nojekyll", b"", count)
    for lang in LANGS:
        (folder / lang).mkdir()
        with open(folder / lang / "index.html", "wb") as f:
            write_list(b.public, "html", f, lang=lang, template_dirs=b.template_dirs,
                       series=b.series, page=site_pages.list_page(b.info, lang))
        count[0] += 1
        for case in b.people:
            ctx = site_pages.person_context(case, b.info, lang, person_actions(case.id))
            if ctx is None:  # never: `people` holds public cases only; fails closed all the same
                continue
            row = rows.get(case.id)
            ctx["counter"] = (_snippet(b.site_url, case.id)
                              if row is not None and site_data.counter(row, b.info.as_of) else None)
            here = f"people/{case.id}/"
            _write(folder, f"{lang}/{here}index.html",
                   renderer.render("person.html.j2", lang, "../../../", here, ctx), count)
        for old, new in sorted(b.renamed.items()):
            _write(folder, f"{lang}/people/{old}/index.html",
                   site_pages.redirect_page(f"../{new}/", lang), count)
        month_items = []
        for m in b.logs:
            ctx = site_pages.changes_context(m.log, lang, pages)
            here = f"changes/{m.log.month}/"
            _write(folder, f"{lang}/{here}index.html",
                   renderer.render("changes.html.j2", lang, "../../../", here, ctx,
                                   "nav_changes"), count)
            month_items.append({"month": m.log.month, "title": ctx["title"],
                                "count": ctx["count"]})
        _write(folder, f"{lang}/changes/index.html",
               renderer.render("archive.html.j2", lang, "../../", "changes/",
                               {"months": month_items}, "nav_changes"), count)
        _write(folder, f"{lang}/changes/feed.atom",
               site_feed.render_feed([(m.log, m.last_day) for m in b.logs], lang), count)
        _write(folder, f"{lang}/about/index.html",
               renderer.render("about.html.j2", lang, "../../", "about/",
                               site_pages.about_context(b.info, lang), "nav_about"), count)
    _write_data(b, folder, count)
    written.append(count[0])


def _snippet(site_url: str | None, case_id: str) -> str:
    base = (site_url.rstrip("/") + "/") if site_url else "https://SITE/"
    return site_data.COUNTER_SNIPPET.format(base=base, id=case_id)


def _write_data(b: _Build, folder: Path, count: list[int]) -> None:
    data = folder / "data"
    _write(folder, "data/list.csv", site_data.list_csv(b.public), count)
    with open(data / "list.json", "wb") as f:
        write_list(b.public, "json", f)
    count[0] += 1
    for m in b.logs:
        _write(folder, f"data/changes/{m.log.month}.json", render_json(m.log).encode(), count)
    for name in site_data.SCHEMAS:
        _write(folder, f"data/schemas/{name}.schema.json", site_data.schema_bytes(name), count)
    _write(folder, "data/datapackage.json",
           site_data.datapackage(data, b.info.as_of, [m.log.month or "" for m in b.logs]), count)
    for p in b.public.people:
        counter = site_data.counter(p, b.info.as_of)
        if counter is not None:
            _write(folder, f"counter/{p.id}.json",
                   (json.dumps(counter, ensure_ascii=False) + "\n").encode(), count)
    _write(folder, "embed/counter.js", site_data.counter_script(), count)
