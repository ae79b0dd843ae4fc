"""Checks of actions and coalitions: their references (cases, organizations, coalitions, sources)
resolve, their dates are coherent, and every fact is cited.

They read the loaded action or coalition and an index of the dataset (`People`, the organization
and coalition ids), never another file; messages never quote a value, since an id in `for` may be
a withheld person's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Iterable

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.model.action import Action
from kremlinlist.model.case import Organization
from kremlinlist.model.coalition import Coalition
from kremlinlist.model.dates import PartialDate


@dataclass(frozen=True)
class People:
    """The cases an action may be for: every id and former id -> the current id, the earliest
    dated event of each current id that has one, and those an action is for whose person is
    withheld (a file that does not load is not among them: its own problem stands, and the
    action's would be a guess); `public_repository` says whether kremlinlist.yaml calls the
    repository public."""

    current: dict[str, str] = field(default_factory=dict)
    first_event: dict[str, PartialDate] = field(default_factory=dict)
    withheld: frozenset[str] = frozenset()
    public_repository: bool = False

    def resolve(self, case_id: str) -> str | None:
        return self.current.get(case_id)


def _stem(rel: str) -> str:
    return PurePosixPath(rel).stem


def _future(path: tuple, value: PartialDate | None, today: date) -> list[Finding]:
    if value is None or value.earliest <= today:
        return []
    return [Finding(path, "error", "future-date",
                    _("this date is after today; write only what a source has already "
                      "reported"))]


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
    if not action.sources:
        out.append(Finding((), "error", "uncited-action",
                           _("an action needs at least one entry under `sources` stating it, "
                             "e.g. `sources: {s1: {title: ..., quote: ...}}`")))
    out += _future(("date",), action.date, today)
    out += _future(("until",), action.until, today)
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
