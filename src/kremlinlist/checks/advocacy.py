"""Checks of actions and coalitions: their references (cases, organizations, coalitions, sources)
resolve, their dates are coherent, every fact is cited, and an action's file is not named after
a withheld person it is for (no problem of a path under actions/, intake/, organizations/,
coalitions/, or of one in cases/ but a case file, that holds a withheld person's name or id names
it: `said_unnamed`).

They read the loaded action or coalition and an index of the dataset (`People`, the organization
and coalition ids), never another file; messages never quote a value, since an id in `for` may be
a withheld person's.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any, Callable, Iterable

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.checks.withheld_names import NameParts, name_parts, parts_in
from kremlinlist.files.layout import ACTIONS_DIR, DATA_FOLDERS
from kremlinlist.model import redaction
from kremlinlist.model.action import Action
from kremlinlist.model.case import Organization
from kremlinlist.model.coalition import Coalition
from kremlinlist.model.dates import PartialDate
from kremlinlist.model.names import case_names


def unnamed_file(n: int, folder: str = ACTIONS_DIR, unread: bool = False) -> str:
    """What a problem of a path under a folder of `DATA_FOLDERS` (but for a case file itself)
    whose name holds a withheld person's name says instead of it: validate's and a release's
    problems reach public CI logs. Each such path has its own number (`NamedPaths.numbers`), so
    their problems are neither merged nor capped together. `unread`: a case file that may be a
    withheld person's did not read, so every such path is said so (`NamedPaths.unread`), and
    the placeholder says what names it again."""
    return _unnamed_templates()[unread].format(folder=folder, n=n)


def _unnamed_templates() -> tuple[str, str]:
    return (_("{folder}/(file {n} not named here: its name may name a withheld person)"),
            _("{folder}/(file {n} not named here until every case file reads: its name may "
              "name a withheld person)"))


def is_unnamed(file: str) -> bool:
    """Whether a problem's file is an `unnamed_file` placeholder (in the language of messages):
    for a caller that looks for its own file's problems, which may be said of one."""
    return any(_unnamed_pattern(t).fullmatch(file) is not None for t in _unnamed_templates())


@functools.lru_cache(maxsize=4)
def _unnamed_pattern(template: str) -> re.Pattern[str]:
    """The placeholders of one language's template, compiled once (a check per problem)."""
    before, _n, after = template.partition("{n}")
    heads = "|".join(re.escape(before.format(folder=f)) for f in DATA_FOLDERS)
    return re.compile(f"(?:{heads})[0-9]+" + re.escape(after))


@dataclass(frozen=True)
class PersonFacts:
    """What the checks of the actions for a person read of their case file."""

    first_event: PartialDate | None  # the earliest date that bounds the person's events
    withheld: bool
    names: tuple[str, ...]  # every written form of the name of a withheld person; () if public


def person_facts(case: Any) -> PersonFacts:
    """The earliest date of a case's events, if it bounds them from below: not if one is dated
    `date_is: by`, which says "no later than" (detained by 2021-03 may be detained in 2019, before
    any other event); whether its person is withheld, and their names if so. A file that does
    not load (None) is not withheld (for these checks: what is published is redaction's to
    decide): its own problem is reported, and a finding on the actions for it could only be a
    guess."""
    events = getattr(case, "events", ())
    unbounded = any(e.date_is == "by" for e in events)
    dated = [e.date for e in events if e.date is not None and not unbounded]
    withheld = case is not None and redaction.level(case) != redaction.PUBLIC
    names = tuple(case_names(case)) if withheld else ()
    return PersonFacts(min(dated, key=lambda d: d.earliest) if dated else None, withheld, names)


class NamedPaths:
    """Which paths under actions/ (files and folders, at any depth, whatever they hold), under
    intake/, organizations/ and coalitions/ (`DATA_FOLDERS`), and under cases/ but for the case
    files themselves (a stray folder, a `.yml`: `cases/marko-zhuk/`
    beside a hidden marko-zhuk's file), have a name holding a name or alias of any withheld
    person of the dataset, or one of their ids or former ids as a word (`cases/MK-OLD/`,
    `anon-2024-001.yaml.orig`): their problems never print them. The names and ids are read only
    when asked (`withheld`, called once, as `withheld_of` says them: None when a case that may be
    withheld could not be read, and then every such path is taken to name someone).
    `paths`: every path under actions/, which the numbers are given among. `is_case_file`: of a
    path, whether it is a case file (a regular file `cases/<id>.yaml`), whose own path is its
    id, which its own `identifying-id` warning is about; a folder named like one is not one."""

    def __init__(self, paths: Iterable[str],
                 withheld: Callable[[], tuple[Iterable[str], Iterable[str]] | None],
                 is_case_file: Callable[[str], bool] = lambda _rel: False) -> None:
        self.paths = frozenset(paths)
        self.is_case_file = is_case_file
        self._withheld = withheld
        self._ids: re.Pattern[str] | None = None
        self._parts: NameParts | None = None  # the names' parts, folded once
        self._unknown = False

    @property
    def unread(self) -> bool:
        """Whether the names could not be read (a case file that may be a withheld person's
        did not read), so that every path was taken to name someone; known once one is asked."""
        return self._unknown

    def holds(self, rel: str) -> bool:
        folder, _sep, rest = rel.partition("/")  # `CASES/` too: one folder where case is folded
        if folder.casefold() not in DATA_FOLDERS or not rest or is_unnamed(rel):  # said so
            return False
        if self.is_case_file(rel):
            return False  # a case file: its name is its id
        if self._parts is None:
            found = self._withheld()
            self._unknown = found is None
            self._parts = name_parts(found[0] if found is not None else ())
            self._ids = _words(found[1] if found is not None else ())
        return self._unknown or any(
            (self._ids is not None and self._ids.search(part.casefold()) is not None)
            or parts_in(part, self._parts) for part in PurePosixPath(rel).parts[1:])

    def numbers(self, also: Iterable[str] = ()) -> dict[str, int]:
        """Each path that names someone -> its number: by the SHA-256 of its path, an order of
        the same paths on every run and machine which says nothing of the names in them (no
        alphabetical order of names, no size, no date). A path that is not UTF-8 is hashed as
        its bytes on disk."""
        named = {rel for rel in self.paths | set(also) if self.holds(rel)}
        ordered = sorted(named, key=lambda rel: hashlib.sha256(os.fsencode(rel)).hexdigest())
        return {rel: i for i, rel in enumerate(ordered, 1)}


def _words(ids: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of `ids` as a word of a path's part, in any letter case: an id
    followed or preceded by anything but a letter or digit (`anon-2024-001-old`, `.orig`)."""
    ids = sorted({i.casefold() for i in ids if i}, key=len, reverse=True)
    if not ids:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, ids)) + r")(?![^\W_])")


def said_unnamed(problems: list[Problem], named: NamedPaths,
                 number: dict[str, int] | None = None) -> list[Problem]:
    """`problems` with each one of a path `named` holds said of that path's `unnamed_file`
    (its message too, should it quote the path): done last, once a caller has picked the
    problems it reports by their real files. `number`: the paths' numbers, where a caller says
    other paths than the problems' too (fmt, which says the files it reformats)."""
    if number is None:
        if not any(named.holds(p.file) for p in problems):
            return problems
        number = named.numbers(p.file for p in problems)
    out = []
    for p in problems:
        n = number.get(p.file)
        if n is None:
            out.append(p)
            continue
        shown = unnamed_as(p.file, n, named.unread)
        out.append(Problem(shown, p.line, p.column, p.severity, p.code,
                           p.message.replace(p.file, shown)))
    return out


def unnamed_as(rel: str, n: int, unread: bool = False) -> str:
    """The `unnamed_file` of `rel`, numbered `n`, in its folder (`CASES/` said as cases/)."""
    return unnamed_file(n, rel.partition("/")[0].casefold(), unread)


@dataclass(frozen=True)
class People:
    """The cases an action may be for: every id and former id -> the current id, the earliest
    dated event of each current id that has one, and those an action is for whose person is
    withheld (a file that does not load is not among them: its own problem stands, and the
    action's would be a guess); `public_repository` says whether kremlinlist.yaml calls the
    repository public; `names`: every written form of the name of each withheld one
    (`names.case_names`), which the file name of an action for them must not hold."""

    current: dict[str, str] = field(default_factory=dict)
    first_event: dict[str, PartialDate] = field(default_factory=dict)
    withheld: frozenset[str] = frozenset()
    public_repository: bool = False
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def resolve(self, case_id: str) -> str | None:
        return self.current.get(case_id)

    def named_in(self, action: Action, rel: str) -> bool:
        """Whether the action's id or file name holds a name of a withheld person it is for."""
        withheld = {c for i in action.for_ if (c := self.resolve(i)) in self.withheld}
        texts = (action.id, _stem(rel))
        return any(any(parts_in(text, parts) for text in texts)  # each one's parts made once
                   for parts in (name_parts(self.names.get(c, ())) for c in withheld))


def _stem(rel: str) -> str:
    return PurePosixPath(rel).stem


def _future(path: tuple, value: PartialDate | None, today: date) -> list[Finding]:
    if value is None or value.earliest <= today:
        return []
    return [Finding(path, "error", "future-date",
                    _("this date is after today; write only what a source has already "
                      "reported"))]


def _sources_future(sources: dict, today: date) -> list[Finding]:
    """A source's date after today, as a case's sources are checked: it is published."""
    return [f for sid, s in sources.items() for f in _future(("sources", sid, "date"), s.date,
                                                              today)]


def _cited(path: tuple, ids: Iterable[str], sources: dict) -> list[Finding]:
    return [Finding((*path, j), "error", "unknown-source",
                    _("no entry under `sources` has this id; add the source or correct the id"))
            for j, sid in enumerate(ids) if sid not in sources]


def action_findings(action: Action, rel: str, people: People, orgs: set[str],
                    today: date) -> list[Finding]:
    """Everything wrong with one loaded action, as findings to place in its file."""
    out: list[Finding] = []
    if action.id != _stem(rel):
        out.append(Finding(("id",), "error", "id-mismatch",
                           _("the id must equal the file name without .yaml")))
    if people.named_in(action, rel):
        out.append(Finding(("id",), "warning", "identifying-id",
                           _("this action is for a person whose name is withheld, and its id, "
                             "so its file name, holds part of their name or an alias, which the "
                             "file carries wherever it is copied: give the action an id that "
                             "names no one (its date and type, e.g. `2026-11-picket`) and rename "
                             "the file")))
    if not action.sources:
        out.append(Finding(("sources",), "error", "uncited-action",
                           _("an action needs at least one entry under `sources` stating it, "
                             "e.g. `sources: {s1: {title: ..., quote: ...}}`"), at_key=True))
    out += _future(("date",), action.date, today)
    out += _future(("until",), action.until, today)
    out += _sources_future(action.sources, today)
    if action.until is not None and action.date is None:
        out.append(Finding(("until",), "error", "missing-key",
                           _("`until` needs a `date` the action started on")))
    elif action.until is not None and action.date is not None \
            and action.until.latest < action.date.earliest:
        out.append(Finding(("until",), "error", "until-before-date",
                           _("`until` is before `date`; swap or correct the two dates")))
    for i, actor in enumerate(action.by):
        if actor.org is not None and actor.org not in orgs:
            out.append(Finding(("by", i), "error", "unknown-organization-reference",
                               _("no file in organizations/ has this id; use an organization's "
                                 "id, or `{name: ...}` for an actor with no file")))
    seen: set[str] = set()
    for i, case_id in enumerate(action.for_):
        current = people.resolve(case_id)
        if current is None:
            out.append(Finding(("for", i), "error", "unknown-case-reference",
                               _("no case in cases/ has this id or former id")))
            continue
        if current in seen:
            out.append(Finding(("for", i), "warning", "duplicate-reference",
                               _("this person is named twice in `for` (perhaps once by a former "
                                 "id); delete one")))
        seen.add(current)
        if people.public_repository and current in people.withheld:
            out.append(Finding(("for", i), "error", "withheld-action-in-public-repository",
                               _("this repository is public (kremlinlist.yaml), and an action's "
                                 "title, summary and sources may name the person `for` ties "
                                 "them to, whose name is withheld: keep this action in the "
                                 "private repository")))
        first = people.first_event.get(current)
        if first is not None and action.date is not None and action.date.latest < first.earliest:
            out.append(Finding(("for", i), "warning", "action-before-events",
                               _("the action is dated before every event of this person; check "
                                 "the date and the person")))
    if action.signatures is not None:
        s = action.signatures
        out += _future(("signatures", "as_of"), s.as_of, today)
        out += _cited(("signatures", "sources"), s.sources, action.sources)
    return out


def coalition_findings(coalition: Coalition, rel: str, orgs: set[str],
                       today: date) -> list[Finding]:
    """Everything wrong with one loaded coalition, as findings to place in its file."""
    out: list[Finding] = []
    if coalition.id != _stem(rel):
        out.append(Finding(("id",), "error", "id-mismatch",
                           _("the id must equal the file name without .yaml")))
    out += _future(("founded",), coalition.founded, today)
    out += _sources_future(coalition.sources, today)
    listed: set[str] = set()
    for i, m in enumerate(coalition.members):
        if m.org in listed and m.left is None:
            out.append(Finding(("members", i, "org"), "warning", "duplicate-reference",
                               _("this organization is listed twice in `members`; keep one entry "
                                 "(a member who left and joined again has `left:` on the first)")))
        listed.add(m.org)
        if m.org not in orgs:
            out.append(Finding(("members", i, "org"), "error", "unknown-organization-reference",
                               _("no file in organizations/ has this id; add the "
                                 "organization's file or correct the id")))
        out += _future(("members", i, "joined"), m.joined, today)
        out += _future(("members", i, "left"), m.left, today)
        if m.left is not None and m.joined is not None and m.left.latest < m.joined.earliest:
            out.append(Finding(("members", i, "left"), "error", "until-before-date",
                               _("`left` is before `joined`; swap or correct the two dates")))
        out += _cited(("members", i, "sources"), m.sources, coalition.sources)
    for i, f in enumerate(coalition.facilitators):
        out += _future(("facilitators", i, "since"), f.since, today)
        out += _cited(("facilitators", i, "sources"), f.sources, coalition.sources)
    for i, c in enumerate(coalition.published_counts):
        out += _future(("published_counts", i, "as_of"), c.as_of, today)
        out += _cited(("published_counts", i, "sources"), c.sources, coalition.sources)
    return out


def criteria_coalition_findings(coalitions: Iterable[tuple[str, Coalition]]
                                ) -> dict[str, list[Finding]]:
    """Only one coalition may say `criteria: criteria.yaml`: its count is the figure a release
    publishes beside the list, and a second one would silently replace it or be passed over.
    When several do, each is an error naming the others (file -> findings): a pull request that
    adds one is told so of its own file, and not only the untouched one after it by id."""
    governing = sorted((c.id, rel) for rel, c in coalitions if c.criteria is not None)
    if len(governing) < 2:
        return {}
    return {rel: [Finding(("criteria",), "error", "duplicate-criteria-coalition",
                          _("other coalitions' files also say `criteria: criteria.yaml` ({ids}), "
                            "and only one coalition's count can be the one published beside "
                            "the list: delete `criteria` from all but the coalition whose list "
                            "this dataset keeps").format(
                              ids=", ".join(o for o, r in governing if r != rel)))]
            for _cid, rel in governing}


def membership_findings(org: Organization, coalitions: dict[str, Coalition]) -> list[Finding]:
    """An organization's `coalitions:` entries name coalitions with a file in coalitions/, and
    agree with that file's members."""
    out: list[Finding] = []
    for i, entry in enumerate(org.coalitions):
        coalition = coalitions.get(entry.id)
        if coalition is None:
            out.append(Finding(("coalitions", i, "id"), "error", "unknown-coalition",
                               _("no file in coalitions/ has this id; add the coalition's file "
                                 "or correct the id")))
        elif org.id not in {m.org for m in coalition.members}:
            out.append(Finding(("coalitions", i, "id"), "warning", "membership-mismatch",
                               _("the coalition's file does not list this organization among "
                                 "its `members`; add it there or remove this entry")))
    return out
