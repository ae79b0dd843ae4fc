"""`kremlinlist site`: the public site, built from the dataset's history of finished months.

The last finished month (or `until`) is built as a release is (`release.build`: the same month
rule, the same validation, the same list and chart); each earlier month's change log comes from
the same snapshots and the same `changelog.compare`. Person pages are made from the cases at the
month's end through `redaction.public_case`, so an anonymous or hidden person has no page, file,
search entry or feed item. The folder appears whole or not at all (`base/whole_folder.py`).

A site is rebuilt and redeployed whole, so it must not publish again someone withheld since the
month ended: every person gets the stricter of their publicity at the month's end and at the tip
of `rev` and HEAD (`publish/withheld_since.py`, the rule a release follows too), and the list,
the pages, the counters and every change log are made from the cases so re-leveled; every count
leaves out those hidden or gone now: the chart's and the last month's are the release's, the
earlier months' are counted again (`site_months`).
"""

from __future__ import annotations

import functools
import json
import os
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from kremlinlist.app import actions as advocacy
from kremlinlist.app import published_names, release, site_months
from kremlinlist.app.unnamed_paths import said_at
from kremlinlist.base import parallel
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
from kremlinlist.publish.public_list import PublicList, newest_first
from kremlinlist.publish.withheld_text import Scrubber
from kremlinlist.publish.words import ACTION_TYPE_WORDS
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
    # a month the chart counted without a file it never reads (the release's warnings)
    warnings: list[str] = field(default_factory=list)


def person_actions(views: list[redaction.ActionView], lang: str) -> list[dict[str, Any]]:
    """A person's advocacy actions for their page, newest first, as the redaction rule publishes
    them: the title in `lang`, the date and the first source's address."""
    out = []
    for v in views:
        title = (v.title or {}).get(lang) or (v.title or {}).get("en")
        if not title:  # a withheld view has no title: its type says what it was
            kind = ACTION_TYPE_WORDS[lang].get(v.type, v.type)
            title = kind[:1].upper() + kind[1:]
        url = next((s[3] for s in v.sources if s[3]), None)
        out.append({"title": title, "date": v.date, "url": url})
    return out


def coalitions_at(git: GitClient, commit: str) -> list[dict[str, Any]]:
    """The coalitions of coalitions/ at `commit`, for the about page: names by language and the
    ids of their current members (a member who has `left` is not one: the page says who the
    coalition is now, and it has no words for a former member). Their published counts are
    shown by the list itself."""
    return [{"name": c.name.model_dump(exclude_none=True),
             "members": list(dict.fromkeys(m.org for m in c.members if m.current))}
            for c in advocacy.coalitions_at(git, commit)]


def _actions_by_person(git: GitClient, commit: str, lites: list[Any]
                       ) -> dict[str, list[redaction.ActionView]]:
    """id -> the actions for that public person at `commit`, newest first (redacted)."""
    by_id = advocacy.cases_by_id(lites)
    out: dict[str, list[redaction.ActionView]] = {}
    for action in advocacy.actions_at(git, commit):
        view = redaction.action_view(action, by_id)
        for person_id, _names in (view.people if view is not None else ()):
            out.setdefault(person_id, []).append(view)
    return {i: newest_first(vs) for i, vs in out.items()}


def _page_items(snap: Any, as_of: date, public_now: set[str]) -> list[tuple[str, str]]:
    """(path, blob) of each person who has a page: the public people the coalition listed by
    `as_of`, in custody or not (a released person's page stays); never an anonymous or hidden
    one, at the month's end or now (`public_now`: the ids public at both). Judged on the
    snapshot's records, so only these files are read whole."""
    out = []
    for rel, entry in snap.files.items():
        c = entry.lite
        if c is None or redaction.level(c) != redaction.PUBLIC or c.id not in public_now:
            continue
        a = c.assessment
        if a.decision != "listed" or (a.since is not None and a.since.earliest > as_of):
            continue
        out.append((rel, entry.blob))
    return sorted(out)


@dataclass(frozen=True)
class _PageJob:
    """What a worker needs to write person pages (pickled once per chunk of people)."""

    root: Path
    folder: Path
    info: site_pages.SiteInfo
    template_dirs: list[Path] | None
    site_url: str | None
    counters: frozenset[str]  # ids with a counter file
    public_now: frozenset[str]  # ids public at the month's end and at the tip: who has a page
    withheld_names: tuple[str, ...]  # which no page may hold (`publish.withheld_text`)


def _person_pages(job: _PageJob, items: list[tuple[str, str]]
                  ) -> list[tuple[str, tuple, int, list[tuple[str, str]]]]:
    """Read, parse and write the pages of a chunk of people, in both languages, on a worker:
    (id, aliases, files written, withheld) of each, the aliases as `redaction.view` lets them
    out; `withheld`: (file, field) of each text of the page that held a withheld person's full
    name, published as `withheld_text.WITHHELD_TEXT`."""
    with closing(GitClient(job.root)) as git:
        renderer = site_pages.PageRenderer(job.info, job.template_dirs)
        scrub = published_names.scrubber(job.withheld_names)
        out = []
        for rel, (data, _problems) in sorted(git.read_blobs(items).items()):
            model = loader.load_bytes(rel, data, "case").model if data is not None else None
            view = redaction.view(model) if isinstance(model, Case) else None
            if view is None or view.anonymous or view.id not in job.public_now:
                continue  # never: the snapshot said public; fails closed all the same
            published_names.said_of_page(scrub, rel, model)
            count = [0]
            for lang in LANGS:
                ctx = site_pages.person_context(model, job.info, lang, person_actions(
                    job.info.actions.get(view.id, []), lang))
                if ctx is None:
                    break
                ctx = published_names.scrub_page(scrub.names, ctx, model)
                ctx["counter"] = (_snippet(job.site_url, view.id) if view.id in job.counters
                                  else None)
                here = f"people/{view.id}/"
                _write(job.folder, f"{lang}/{here}index.html",
                       renderer.render("person.html.j2", lang, "../../../", here, ctx), count)
            out.append((view.id, view.aliases, count[0], list(scrub.found)))
            scrub.found.clear()
    return out


def _all_person_pages(work: tuple[_PageJob, list[list[tuple[str, str]]]]
                      ) -> list[list[tuple[str, tuple, int, list[tuple[str, str]]]]]:
    """`_person_pages` of every chunk, on every core, in a child forked before the release was
    built: its workers inherit none of the release's memory."""
    import jinja2  # noqa: F401  (imported once, before the workers fork)

    job, chunks = work
    return parallel.fork_map(functools.partial(_person_pages, job), chunks, min_items=2)


def _info(git: GitClient, commit: str, as_of: date, lites: list[Any],
          config: Any) -> site_pages.SiteInfo:
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
                               actions=_actions_by_person(git, commit, lites))


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
    last: site_months.Month  # the last month's log, the release's
    earlier: parallel.Child  # earlier months' logs, and their `held` (site_months)
    pages_child: parallel.Child  # writes the person pages (`_all_person_pages`) when sent them
    shown: tuple[set[str], set[str]]  # ids public now, ids anonymous now (as_published_now)
    cases_now: list[Any]  # the month's end cases at their stricter level (now_levels)
    pages: list[tuple[str, str]]  # (path, blob) of each person with a page
    renamed: dict[str, str]  # former id -> id, for a person with a page
    template_dirs: list[Path] | None
    site_url: str | None
    root: Path
    git: GitClient  # the site's one client (its workers and the months' child start their own)
    warnings: list[str]  # the release's
    withheld_names: tuple[str, ...]  # which no person page may hold (`app.published_names`)
    scrub: Scrubber  # which takes them out of the months' pages and the about page


def build_site(root: Path | str, out: Path | str, *, until: str | None = None,
               force: bool = False, rev: str = "HEAD", tz: str | None = None,
               today: date | None = None) -> SiteResult:
    """Build the site of the last finished month (or `until`) into the folder `out`."""
    root, target = Path(root), Path(out)
    if os.path.lexists(target):
        _check_replaceable(target)  # before --force is suggested: `-o cases` is never replaced
        if not force:
            raise KremlinlistError("site-exists", _("this folder already exists; pass --force to "
                                   "replace it: {path}").format(path=target), usage=True)
    with closing(GitClient(root)) as git:  # its `git cat-file` ends with the call
        # its entries keep no full case: one is read when needed
        snaps = Snapshots(git, walking=True)
        zone = months.timezone_for(snaps, rev, tz)
        today = today or dates.today(zone)
        last = until or months.previous_month(f"{today.year:04d}-{today.month:02d}")
        templates = root / "templates"
        template_dirs = [templates] if templates.is_dir() else None
        try:
            release.check_month(last, today)  # refused before the child below is started
            # every earlier month's log is computed in a child meanwhile (one core): forked now,
            # while this process holds little, as the child's memory is counted with all it inherits
            earlier = parallel.in_child(functools.partial(site_months.month_logs_at, root, rev,
                                                          zone, last))
            pages = parallel.waiting_child(_all_person_pages)  # as lean, told its work later
        except KremlinlistError as exc:
            if exc.code != "month-not-ended":
                raise
            latest = months.previous_month(f"{today.year:04d}-{today.month:02d}")
            raise KremlinlistError("month-not-ended", _(
                "{month} has not ended yet in the dataset's time zone; the site shows finished "
                "months only: give --until {latest} or leave --until out").format(
                    month=last, latest=latest), usage=True) from None
        try:  # the release and its snapshot are held only while the build is prepared from them
            b = _prepare(root, git, *release.build_with_snapshot(
                git, last, rev=rev, tz=tz, today=today, template_dirs=template_dirs),
                earlier, pages, template_dirs, months.month_bounds(last, zone)[1])
            done: dict[str, Any] = {}
            release.write_folder(target, functools.partial(_fill, b, done), force,
                                 _check_replaceable)
            return SiteResult(target, last, done["months"], len(b.pages), done["files"],
                              b.warnings)
        except BaseException:
            earlier.cancel()  # its months are not wanted now: stopped, not waited for
            pages.cancel()
            raise


def _prepare(root: Path, git: GitClient, rel: release.Release, made: release.Made,
             earlier: parallel.Child, pages_child: parallel.Child,
             template_dirs: list[Path] | None, last_day: date) -> _Build:
    """What the site is written from, made from the release and what it was made from
    (`release.Made`: its month-end snapshot, who is at which publicity now, the cases at their
    stricter publicity), none of which outlives this call (only the cases, the list and the last
    month's log are kept). The list, the chart and the last month's log are the release's."""
    as_of = rel.public.as_of
    snap, now, lites = made.snap, made.now, made.cases
    commit = snap.commit
    assert commit is not None  # release.build refuses a month without one
    public_ids = {i for c in lites if redaction.level(c) == redaction.PUBLIC
                  for i in (c.id, *c.former_ids)}
    anonymous_ids = {i for c in lites if redaction.level(c) == redaction.ANONYMOUS
                     for i in (c.id, *c.former_ids)}
    anonymous_ids |= {i for i, lvl in now.items() if lvl == redaction.ANONYMOUS}
    hidden_ids = {i for c in lites if redaction.level(c) == redaction.HIDDEN
                  for i in (c.id, *c.former_ids)}
    hidden_ids |= {i for i, lvl in now.items() if lvl == redaction.HIDDEN}
    public_ids -= hidden_ids | anonymous_ids
    anonymous_ids -= hidden_ids
    pages = _page_items(snap, as_of, public_ids)
    with_page = {snap.files[r].lite.id for r, _ in pages}
    renamed = {old: snap.files[r].lite.id for r, _ in pages
               for old in snap.files[r].lite.former_ids if old not in with_page}
    config = rel.page  # kremlinlist.yaml at the month's end, which the release read
    return _Build(_info(git, commit, as_of, lites, config), rel.public, rel.series,
                  site_months.Month(rel.log, last_day), earlier,
                  pages_child, (public_ids, anonymous_ids), lites, pages, renamed, template_dirs,
                  config.site_url, root, git, rel.warnings, tuple(made.withheld_names),
                  published_names.scrubber(made.withheld_names))


def _write(folder: Path, rel: str, data: bytes, count: list[int]) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    count[0] += 1


def _fill(b: _Build, done: dict[str, Any], folder: Path) -> None:
    """Every file of the site into `folder` (a temporary folder renamed into place after). The
    person pages are written first, on every core; their aliases then go into the list's search.
    The months are written one at a time, newest first (`_write_months`)."""
    count = [0]
    counters = frozenset(p.id for p in b.public.people
                         if p.id and site_data.counter(p, b.info.as_of) is not None)
    job = _PageJob(b.root, folder, b.info, b.template_dirs, b.site_url, counters,
                   frozenset(b.shown[0]), b.withheld_names)
    for lang in LANGS:
        (folder / lang / "people").mkdir(parents=True)
    size = max(1, len(b.pages) // (parallel.cores() * 4))
    chunks = [b.pages[i:i + size] for i in range(0, len(b.pages), size)]
    aliases: dict[str, tuple[str, ...]] = {}
    b.pages_child.send((job, chunks))
    withheld = b.scrub.found  # the pages' texts withheld, the months' and the about page's
    for chunk in b.pages_child():
        for person_id, person_aliases, files, texts in chunk:
            aliases[person_id] = person_aliases
            count[0] += files
            withheld.update(dict.fromkeys(texts))
    # the rows are replaced in place: the list is the site's own from here (the release that
    # made it is gone), so no second list of every person is held meanwhile
    people = b.public.people
    for i, p in enumerate(people):
        if not p.anonymous and p.id:
            people[i] = replace(p, aliases=aliases.get(p.id, ()))
    renderer = site_pages.PageRenderer(b.info, b.template_dirs)
    _write(folder, "index.html", site_pages.index_page(b.info.noindex), count)
    _write(folder, ".nojekyll", b"", count)
    _write(folder, "site.css", renderer.stylesheet, count)
    earlier, held = b.earlier()
    # a line from before a rename links to the old id's page, which redirects to the new one
    months, feed = _write_months(b, site_months.logs_one_by_one(b.last, earlier), held,
                                 renderer, set(aliases) | set(b.renamed), folder, count)
    del earlier
    for lang in LANGS:
        with open(folder / lang / "index.html", "wb") as f:
            write_list(b.public, "html", f, lang=lang, template_dirs=b.template_dirs,
                       series=b.series, page=site_pages.list_page(b.info, lang))
        count[0] += 1
        for old, new in sorted(b.renamed.items()):
            _write(folder, f"{lang}/people/{old}/index.html",
                   site_pages.redirect_page(f"../{new}/", lang), count)
        month_items = [{"month": m["month"], "title": m["title"][lang], "count": m["count"][lang]}
                       for m in months]
        _write(folder, f"{lang}/changes/index.html",
               renderer.render("archive.html.j2", lang, "../../", "changes/",
                               {"months": month_items}, "nav_changes"), count)
        _write(folder, f"{lang}/changes/feed.atom", site_feed.render_feed_items(feed, lang),
               count)
        about = b.scrub("organizations/", site_pages.about_context(b.info, lang))
        _write(folder, f"{lang}/about/index.html",
               renderer.render("about.html.j2", lang, "../../", "about/", about, "nav_about"),
               count)
    _write_data(b.public, [m["month"] for m in months], b.info.as_of, folder, count)
    b.warnings[:] = dict.fromkeys([*b.warnings, *published_names.warnings(
        withheld, functools.partial(said_at, b.git, b.last.log.to_commit or "",
                                    also=b.withheld_names))])
    done.update(files=count[0], months=[m["month"] for m in months])


def _write_months(b: _Build, logs: Iterator[site_months.Month],
                  held: dict[str, tuple[int, int]], renderer: site_pages.PageRenderer,
                  pages: set[str], folder: Path, count: list[int]) -> tuple[list[dict[str, Any]], list[site_feed.FeedItem]]:
    """Each month's page in both languages and its data file, one month at a time (a month's
    log is let go before the next is unpickled): what the archive and the feed say of each."""
    months: list[dict[str, Any]] = []
    feed: list[site_feed.FeedItem] = []
    for m in logs:
        if m is b.last:  # the release's: made from the cases at their stricter level already
            log = site_pages.as_published_now(m.log, *b.shown, m.log.actions, m.log.published)
        else:
            recounted = site_months.recounted(m.log, held.get(m.log.month or "", (0, 0)))
            log = site_pages.as_published_now(recounted, *b.shown,
                                              *_advocacy_now(b.git, m.log, b.cases_now))
        published_names.scrub_log(b.scrub, log)
        last_day = m.last_day
        del m  # the log as computed: only its version as published now is kept, until the next
        item: dict[str, Any] = {"month": log.month or "", "title": {}, "count": {}}
        for lang in LANGS:
            ctx = site_pages.changes_context(log, lang, pages)
            here = f"changes/{log.month}/"
            _write(folder, f"{lang}/{here}index.html",
                   renderer.render("changes.html.j2", lang, "../../../", here, ctx,
                                   "nav_changes"), count)
            item["title"][lang], item["count"][lang] = ctx["title"], ctx["count"]
        _write(folder, f"data/changes/{log.month}.json", render_json(log).encode(), count)
        months.append(item)
        feed.append(site_feed.feed_item(log, last_day))
    return months, feed


def _advocacy_now(git: GitClient, log: changes.ChangeLog, cases: list[Any]
                  ) -> tuple[list[redaction.ActionView], dict | None]:
    """A month's advocacy as the site may show it now: the actions added that month, redacted
    (`redaction.action_view`) against the cases at their stricter level, so one for a person
    withheld since fails closed; and the coalition's published count at the month's end."""
    if log.to_commit is None:
        return [], log.published
    published = log.published if log.published is not None else advocacy.published_count(
        advocacy.coalitions_at(git, log.to_commit))
    return advocacy.new_actions(git, log.from_commit, log.to_commit, cases), published


def _snippet(site_url: str | None, case_id: str) -> str:
    base = (site_url.rstrip("/") + "/") if site_url else "https://SITE/"
    return site_data.COUNTER_SNIPPET.format(base=base, id=case_id)


def _write_data(public: PublicList, months: list[str], as_of: date, folder: Path,
                count: list[int]) -> None:
    """data/ (the month files are written with their months) and the counter files."""
    data = folder / "data"
    with open(data / "list.csv", "wb") as f:
        site_data.write_csv(public, f)
    count[0] += 1
    with open(data / "list.json", "wb") as f:
        write_list(public, "json", f)
    count[0] += 1
    for name in site_data.SCHEMAS:
        _write(folder, f"data/schemas/{name}.schema.json", site_data.schema_bytes(name),
               count)
    _write(folder, "data/datapackage.json", site_data.datapackage(data, as_of, months), count)
    for p in public.people:
        counter = site_data.counter(p, as_of)
        if counter is not None:
            _write(folder, f"counter/{p.id}.json",
                   (json.dumps(counter, ensure_ascii=False) + "\n").encode(), count)
    _write(folder, "embed/counter.js", site_data.counter_script(), count)
