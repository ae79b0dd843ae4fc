"""A withheld person's full name in what a release, the site or `export` publishes, withheld.

The redaction rule decides which fields of a record are published; a researcher may still type
an anonymous or hidden person's name into one of them (a public person's summary, a source's
title, an action's title): `publish.withheld_text` finds it and publishes the text as
`WITHHELD_TEXT`, and here each is said as a warning naming the file and the field (said without
a path that names someone), never the name. Only names that cannot be read refuse: it fails
closed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable

from kremlinlist.app.unnamed_paths import said_at, said_on_disk, withheld_on_disk
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _, ngettext
from kremlinlist.base.problem import Problem
from kremlinlist.files import loader
from kremlinlist.files.layout import ACTIONS_DIR, CASES_DIR, COALITIONS_DIR
from kremlinlist.history.git import GitClient
from kremlinlist.history.snapshot import Snapshot
from kremlinlist.model import dates, redaction
from kremlinlist.model.names import case_names
from kremlinlist.publish import withheld_since
from kremlinlist.publish.changelog import ChangeLog
from kremlinlist.publish.public_list import PublicList
from kremlinlist.publish.withheld_text import WITHHELD_TEXT, FullNames, Scrubber


def in_release(git: GitClient, commit: str, snaps: tuple[Snapshot, Snapshot],
               now: dict[str, str], public: PublicList, log: ChangeLog, lines: list[list[str]]
               ) -> tuple[PublicList, list[str], list[str]]:
    """A month's list and change log (the log changed in place) with no text naming whoever
    `names_at` finds; the warnings that say what was withheld, and the names, which the site's
    person pages are scrubbed of too."""
    names, said = names_at(git, snaps, now, lines)
    scrub = scrubber(names)
    action = _actions(scrub)
    public = _scrub_list(scrub, public, action)
    scrub_log(scrub, log, action)
    said = warnings(scrub.found, lambda found: said_at(git, commit, found, names)) + said
    return public, said, names


def names_at(git: GitClient, snaps: Iterable[Snapshot], now: dict[str, str],
             lines: list[list[str]]) -> tuple[list[str], list[str]]:
    """The names of whoever `snaps` hold as withheld then or now
    (`withheld_since.withheld_names`), and of whoever is withheld now under any name a version
    of their file held at a month end of `lines` (`withheld_since.gone_names`); and the warning
    for those of the latter that cannot be read. A shallow clone, whose history would know
    more, refuses (`shallow-clone`): it fails closed."""
    git.check_not_shallow()
    names = withheld_since.withheld_names(git, snaps, now)
    if names is None:
        raise _unreadable()
    gone, said = _gone(git, lines, now)
    return names + gone, said


def _gone(git: GitClient, lines: list[list[str]], now: dict[str, str]
          ) -> tuple[list[str], list[str]]:
    """`withheld_since.gone_names` along each of `lines`, and the warning for the files no
    version of which could be read."""
    names: list[str] = []
    unread = 0
    for ends in lines:
        gone, missed = withheld_since.gone_names(git, ends, now)
        names += gone
        unread += missed
    return names, _gone_unread(unread)


def names_on_disk(root: Path, cases: Iterable[Any], git: GitClient | None = None
                  ) -> tuple[list[str], list[str]]:
    """The names of the withheld people of the case files on disk (`_names_on_disk`), and of
    whoever is withheld on disk under a name a version of their file held at a month end of
    HEAD's history, HEAD's own included (`_gone`),
    unless `cases` (those on disk) have their id public; and the warnings. `git`: the caller's
    client of `root`'s repository, if it has one. Outside a git repository, or before its first
    commit, no file is known to be gone; a shallow clone, whose history would know, refuses
    (`shallow-clone`): it fails closed."""
    names = _names_on_disk(root)
    own = git is None
    try:
        git = git or GitClient(root)
    except KremlinlistError as exc:
        if exc.code == "not-a-git-repository":
            return names, []
        raise
    try:
        git.check_not_shallow()
        try:
            git.resolve("HEAD")
        except KremlinlistError:  # no commit yet
            return names, []
        zone = loader.load_config(root)[0].timezone
        gone, said = _gone(git, withheld_since.month_ends_now(git, "HEAD", zone, dates.today(zone)),
                           withheld_since.levels_of(cases))
    finally:
        if own:
            git.close()
    return names + gone, said


def _gone_unread(count: int) -> list[str]:
    """The warning for case files of people not public now that no version could be read of."""
    return [ngettext(
        "{n} case file of a person withheld or deleted since cannot be read in any of its "
        "versions at a month end, so that person's names were not looked for in what is "
        "published", "{n} case files of people withheld or deleted since cannot be read in any "
        "of their versions at a month end, so their names were not looked for in what is "
        "published", count).format(n=count)] if count else []


def scrubber(names: Iterable[str]) -> Scrubber:
    """What takes every withheld name of `names` out of the texts it is given."""
    return Scrubber(FullNames(names))


def scrub_log(scrub: Scrubber, log: ChangeLog, action: Callable | None = None) -> None:
    """A change log (a release's, or a month's on the site) changed in place: its lines, its
    actions and the coalition's count."""
    action = action or _actions(scrub)
    log.actions = [action(a) for a in log.actions]
    for category, entries in log.entries.items():
        log.entries[category] = [scrub(f"{CASES_DIR}/{e.id}.yaml", e, _own(e.name))
                                 if e.id is not None else e for e in entries]
    if log.published is not None:
        log.published = scrub(f"{COALITIONS_DIR}/", log.published)


def said_of_page(scrub: Scrubber, rel: str, case: Any) -> None:
    """Into `scrub.found`, the fields of a public person's file (`events[0].note`, as the file
    has them, not as their page's template does) that hold a withheld person's full name."""
    shown = case.model_dump(mode="json", exclude={"private"})
    # sources by place, not by id: an id is typed by a researcher, and a warning would print it
    shown["sources"] = list(shown.get("sources", {}).values())
    scrub(rel, shown, case_names(case))


def scrub_page(names: FullNames, context: dict, case: Any) -> dict:
    """A person's page (its template's context) as published, `case`'s own names theirs."""
    return Scrubber(names)("", context, case_names(case))


def in_export(root: Path, public: PublicList, names: tuple[list[str], list[str]]
              ) -> tuple[PublicList, list[str]]:
    """The list `export` writes with no text naming any of `names` (`names_at` at `--rev`, or
    `names_on_disk`, and their warnings); and the warnings that say what was withheld."""
    scrub = scrubber(names[0])
    public = _scrub_list(scrub, public, _actions(scrub))
    said = warnings(scrub.found, lambda found: said_on_disk(root, found, names[0]))
    return public, said + names[1]


def _names_on_disk(root: Path) -> list[str]:
    """The names of the withheld people, read from the raw YAML of every case file on disk: a
    file's name may not be its id (a problem of validate's, which the publishing commands do
    not stop at), and one that does not load may be a withheld person's; public ones are told
    apart from their first lines."""
    found = withheld_on_disk(root, loader.list_yaml(root, CASES_DIR)[0])
    if found is None:
        raise _unreadable()
    return found[0]


def _unreadable() -> KremlinlistError:
    """Names that cannot be read: nothing is published, as nothing could be made sure of."""
    return KremlinlistError("withheld-name-in-output", _(
        "the names of the withheld people cannot be read, so what is published cannot be made "
        "sure to name none of them; nothing was written"))


def in_listing(root: Path, views: list[redaction.ActionView], cases: Iterable[Any]
               ) -> tuple[list[redaction.ActionView], tuple[str, ...]]:
    """The actions `kremlinlist actions` lists (of `cases`, those on disk), as `in_export`
    scrubs a list, and the warnings."""
    if not views:
        return views, ()
    names, said = names_on_disk(root, cases)
    scrub = scrubber(names)
    action = _actions(scrub)
    views = [action(v) for v in views]
    return views, tuple(warnings(scrub.found, lambda found: said_on_disk(root, found, names))
                        + said)


def _actions(scrub: Scrubber) -> Callable[[redaction.ActionView], redaction.ActionView]:
    """Each action's view scrubbed once, however many rows it is in."""
    done: dict[str, redaction.ActionView] = {}

    def action(view: redaction.ActionView) -> redaction.ActionView:
        if view.withheld or view.id is None:
            return view  # a withheld view carries no text a researcher wrote
        if view.id not in done:
            rel = f"{ACTIONS_DIR}/{view.id}.yaml"
            own = [n for _id, names in view.people for n in _own(names)]
            shown = replace(view, id=None) if scrub.names_in(rel, "id", view.id, own) else view
            done[view.id] = scrub(rel, shown, own)
        return done[view.id]
    return action


def _scrub_list(scrub: Scrubber, public: PublicList, action: Callable) -> PublicList:
    """`public` scrubbed: its rows in place, the coalition's count in a copy where it names
    someone."""
    if public.published is not None:
        public = replace(public, published=scrub(f"{COALITIONS_DIR}/", public.published))
    for i, person in enumerate(public.people):
        if person.id is None:
            continue  # an anonymous row: its region and status only
        if person.actions:
            person = replace(person, actions=tuple(action(a) for a in person.actions))
        public.people[i] = scrub(f"{CASES_DIR}/{person.id}.yaml", person,
                                 [*_own(person.names), *person.aliases], frozenset({"actions"}))
    return public


def _own(names: dict[str, str | None] | None) -> list[str]:
    return [n for n in (names or {}).values() if n]


def warnings(withheld: Iterable[tuple[str, str]],
             said: Callable[[list[Problem]], list[Problem]]) -> list[str]:
    """The texts withheld ((file, field), as `Scrubber.found` holds them), as warnings: each
    file said by `said` (without a path that names someone)."""
    found = [Problem(rel, 0, 0, "warning", "withheld-name-published", _(
        "`{field}` holds the full name of a person whose details are withheld (anonymous or "
        "hidden), so it was published as \"{withheld}\": remove the name, or write \"a person "
        "whose name is withheld\"").format(field=path, withheld=WITHHELD_TEXT))
        for rel, path in withheld]
    return [f"{p.file}: {p.code}: {p.message}" for p in said(found)]
