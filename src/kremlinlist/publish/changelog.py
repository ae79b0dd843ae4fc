"""What changed between two snapshots, sorted into what editors announce (rendered by
`changelog_text`).

People are matched by id (and `former_ids`), never by path. Only cases whose files changed, or whose
dated events fall between the two dates, are compared. Privacy: an anonymous person appears without
id or name, a hidden one in no count nor entry (only in `ChangeLog.hidden`, said as
`redaction.hidden_total`), and `private` is never read here. What may be shown of
a person is decided by `redaction.view_of`, never here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from kremlinlist.base.i18n import N_
from kremlinlist.model import redaction
from kremlinlist.model import timeline
from kremlinlist.model.case import Case
from kremlinlist.base.problem import Problem

CATEGORIES = ("added", "released", "died", "delisted", "removed", "updated")
_FIELDS = ("name", "aliases", "born", "sex", "citizenship", "region", "occupation", "summary",
           "publicity", "sources")
_ASSESSMENT = ("decision", "since", "reason", "criteria", "signs", "exclusions", "sources", "by")
_EVENT_DETAIL = ("term", "regime", "how", "until", "to", "by", "articles")
_CORRECTED_KEYS = ("date", "date_is", "place", "term", "regime", "articles", "until", "how", "to",
                   "by")


@dataclass
class LogEntry:
    """One person's line in the change log. `id` and `name` are None for a withheld person."""

    category: str
    id: str | None
    name: dict | None = None
    date: str | None = None
    how: str | None = None
    reason: str | None = None
    reason_withheld: bool = False  # a reason is recorded, its text is not published
    former_id: str | None = None
    events: list[dict] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    flag: str | None = None
    detained: str | None = None  # for the newly listed
    on_list: bool = True
    new: bool = False  # a new case that is not on the list
    # for the review's problems; never rendered, nor in a repr (a withheld person's path)
    rel: str | None = field(default=None, repr=False)
    # who the line is of, a withheld person too: never rendered, nor in a repr; the site drops
    # the line of one withheld or gone since, as it leaves them out of its counts
    case_id: str | None = field(default=None, repr=False)

    @property
    def withheld(self) -> bool:
        return self.id is None

    def to_dict(self) -> dict:
        out: dict = {"id": self.id}
        if self.withheld:
            out["withheld"] = True
        for key in ("name", "date", "how", "reason", "detained", "former_id", "flag"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.reason_withheld:
            out["reason_withheld"] = True
        if self.events:
            out["events"] = self.events
        if self.corrections:
            out["corrections"] = self.corrections
        if not self.on_list:
            out["on_list"] = False
        if self.new:
            out["new"] = True
        return out


@dataclass
class ChangeLog:
    month: str | None
    from_commit: str | None
    to_commit: str | None
    before: int  # public and anonymous people on the list at `from`; with `partial`, among
    after: int  # the changed files only
    # hidden people on the list at `to` (None with `partial`): published only as
    # `redaction.hidden_total`, so not in a repr a script may log either
    hidden: int | None = field(default=None, repr=False)
    entries: dict[str, list[LogEntry]] = field(default_factory=lambda: {c: [] for c in CATEGORIES})
    problems: list[Problem] = field(default_factory=list)  # review: rules the change breaks
    problems_before: int = 0  # problems in the changed files that were there already
    # review: kremlinlist.yaml goes from `repository: public` to private, which turns off the
    # checks that keep withheld people out of a public repository
    made_private: bool = False
    other_files: int = 0  # review: files besides the cases with problems the change brings
    partial: bool = False  # only changed files were read: counts are a net change
    # review: criteria.yaml, kremlinlist.yaml, dupes.yaml, organizations/ if they changed, and
    # the cases they did not touch whose verdict they changed (withheld ones only counted)
    affected_by: list[str] = field(default_factory=list)
    affected: list[LogEntry] = field(default_factory=list)
    affected_withheld: int = 0
    # a month's log: the actions added this month as `redaction.action_view` lets them be
    # published, and the coalition's latest published count with its source (or None)
    actions: list[redaction.ActionView] = field(default_factory=list)
    published: dict | None = None

    def to_dict(self) -> dict:
        out: dict = {"month": self.month, "from": self.from_commit, "to": self.to_commit,
                     "count": ({"net": self.after - self.before} if self.partial else
                               {"before": self.before, "after": self.after})}
        for c in CATEGORIES:
            out[c] = [e.to_dict() for e in self.entries[c]]
        if self.hidden is not None:
            out["hidden"] = redaction.hidden_total(self.hidden)
        if self.problems:
            out["problems"] = [p.to_dict() for p in self.problems]
        if self.other_files:
            out["other_files"] = self.other_files
        if self.made_private:
            out["made_private"] = True
        if self.problems_before:  # as the Markdown review says them, for a script to read too
            out["problems_before"] = self.problems_before
        if self.month is not None:
            out["actions"] = [a.to_dict() for a in self.actions]
            if self.published is not None:
                out["published"] = self.published
        if self.affected_by:
            out["affected"] = {"by": list(self.affected_by),
                               "cases": [{"id": e.id, "name": e.name} for e in self.affected],
                               "withheld": self.affected_withheld}
        return out

    @property
    def empty(self) -> bool:
        return not any(self.entries.values())


def counts_on_list(case: Case | None, as_of: date | None) -> bool:
    """Whether a person counts on the list: hidden people are in no count but `hidden_total`."""
    return (case is not None and redaction.level(case) != redaction.HIDDEN
            and timeline.on_list(case, as_of))


def _hidden_on(cases: Iterable[Case], as_of: date | None) -> int:
    return sum(redaction.level(c) == redaction.HIDDEN and timeline.on_list(c, as_of)
               for c in cases)


def _event_key(e) -> str:
    return json.dumps(e.model_dump(mode="json", exclude={"sources", "note"}), sort_keys=True)


def _dump(value) -> object:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    return str(value) if value is not None and not isinstance(value, (str, int)) else value


def _details(old: Case, new: Case, v: redaction.View) -> tuple[list[dict], list[str]]:
    """New events as the view shows them, and the names of the facts that were corrected (never
    their values). A withheld line names only corrections of what it shows (the region, the
    events): any other name describes nothing a reader has, and some date the withholding
    itself (`publicity`, an id changed to an opaque one, a name or sources removed with it)."""
    old_keys = [(_event_key(e), e) for e in old.events]
    remaining = [k for k, _ in old_keys]
    new_only = []
    for e in new.events:
        k = _event_key(e)
        if k in remaining:
            remaining.remove(k)
        else:
            new_only.append(e)
    old_only = [e for k, e in old_keys if k in remaining]
    events, corrections = [], []
    for e in new_only:
        twin = next((o for o in old_only if o.type == e.type), None)
        if twin is None:
            events.append(v.event(e, _EVENT_DETAIL))
            continue
        old_only.remove(twin)
        keys = [k for k in _CORRECTED_KEYS if getattr(twin, k) != getattr(e, k)]
        if v.anonymous:
            keys = [k for k in keys if k not in ("place", "to", "by")]
        if keys:
            corrections.append(f"{e.type} event: {', '.join(keys)}")
    for o in old_only:
        corrections.append(f"{o.type} event removed")
    if v.anonymous:
        return events, corrections + (["region"] if old.region != new.region else [])
    for name in _FIELDS:
        if _dump(getattr(old, name)) != _dump(getattr(new, name)):
            corrections.append(name)
    for name in _ASSESSMENT:
        if _dump(getattr(old.assessment, name)) != _dump(getattr(new.assessment, name)):
            corrections.append(f"assessment.{name}")
    if old.id != new.id or old.former_ids != new.former_ids:
        corrections.append("id" if old.id != new.id else "former_ids")
    return events, corrections


def shown_names(v: redaction.View) -> dict | None:
    return {k: n for k, n in v.names.items() if n} if v.names else None


def _entry(category: str, v: redaction.View | None, *, date=None, detained=None, how=None,
           reason=None, former_id=None, **kw) -> LogEntry:
    """A line with only what the view lets through: of an anonymous person the category and the
    month of the change; of a hidden one (no view) nothing, since it is only counted."""
    if v is None or v.anonymous:
        return LogEntry(category, None, date=v.date(date) if v else None,
                     reason_withheld=bool(v and v.has_reason and category == "delisted"), **kw)
    return LogEntry(category, v.id, shown_names(v), date=v.date(date), detained=v.date(detained), how=how,
                 reason=reason, former_id=former_id, **kw)


def _left(old: Case, new: Case | None, as_of: date | None, v: redaction.View | None,
          deleted_flag: str) -> LogEntry:
    if new is None:
        return _entry("removed", v, flag=deleted_flag)
    former = old.id if old.id != new.id else None
    st = timeline.status(new, as_of)
    if st.state == "released":
        return _entry("released", v, how=st.how, former_id=former, date=st.changed)
    if st.state == "died":
        return _entry("died", v, former_id=former, date=st.changed)
    if new.assessment.decision != "listed":
        return _entry("delisted", v, reason=new.assessment.reason, former_id=former,
                      flag=None if redaction.has_reason(new.assessment) else
                      N_("left the list without a recorded reason"))
    return _entry("removed", v, former_id=former,
                  flag=N_("left the list without a recorded release, death or decision; check "
                          "the timeline"))


def _classify(old_e, new_e, old_as_of: date | None, new_as_of: date | None,
              include_unlisted: bool, broken: bool, updates: bool = True) -> LogEntry | None:
    """`old_e`, `new_e`: history entries (or None). Their `lite` cases answer everything but the
    corrections, which read the full cases only when the two files differ."""
    old = old_e.lite if old_e is not None else None
    new = new_e.lite if new_e is not None else None
    # A file that no longer loads has no publicity to read: withheld (fail closed).
    v = None if broken else redaction.view_of(old, new)
    was, now = counts_on_list(old, old_as_of), counts_on_list(new, new_as_of)
    if old is None and new is None:
        return None
    if new is None:
        if not was and not include_unlisted:
            return None
        # Flags stay English (N_) in changes.json; the rendered log says them in its language.
        flag = (N_("the file no longer loads; fix it") if broken else
                N_("the file was deleted without a recorded release, death or decision"))
        e = _left(old, None, new_as_of, v, flag)  # type: ignore[arg-type]
        e.on_list = was
        return e
    if old is None or (not was and now):
        if not now and not include_unlisted:
            return None
        former = old.id if old is not None and old.id != new.id else None
        if now:
            return _entry("added", v, date=v and v.since(new.assessment.since), former_id=former,
                          detained=timeline.status(new, new_as_of).detained)
        e = _entry("updated", v, former_id=former)
        e.on_list, e.new = False, True
        return e
    if was and not now:
        return _left(old, new, new_as_of, v, "")
    if not was and not now and not include_unlisted:
        return None
    if not updates or (old_e.blob and
                       old_e.blob.partition(":")[0] == new_e.blob.partition(":")[0]):
        return None  # the same bytes: nothing new, nothing corrected
    events, corrections = _details(old_e.case, new_e.case, v or redaction.WITHHELD)
    if not events and not corrections:
        return None
    e = _entry("updated", v, events=events, corrections=corrections,
               former_id=old.id if old.id != new.id else None)
    e.on_list = now
    return e


def _flips_between(case: Case, start: date | None, end: date | None) -> bool:
    if start is None or end is None:
        return False
    dates = [e.date.earliest for e in case.events if e.date is not None]
    if case.assessment.since is not None:
        dates.append(case.assessment.since.earliest)
    return any(start < d <= end for d in dates)


def _counts(old_cases: dict, new_cases: dict, touched: set[str], old_as_of: date | None,
            new_as_of: date | None, partial: bool) -> tuple[int, int]:
    """The list's size at both ends. A file outside `touched` is the same file at both ends with
    no date between the two days, so it is on both lists or on neither: the old count is the new
    one corrected by the touched files, which spares a status per person (the new count is the
    one the exported list needs anyway)."""
    new_count = sum(counts_on_list(c, new_as_of) for c in new_cases.values())
    if partial or (old_as_of is None) != (new_as_of is None) or (
            old_as_of is not None and new_as_of is not None and old_as_of > new_as_of):
        return sum(counts_on_list(c, old_as_of) for c in old_cases.values()), new_count
    old_count = (new_count - sum(counts_on_list(new_cases[r], new_as_of) for r in touched if r in new_cases)
                 + sum(counts_on_list(old_cases[r], old_as_of) for r in touched if r in old_cases))
    return old_count, new_count


def compare(old_files: dict, new_files: dict, changed: Iterable[str], *,
            old_as_of: date | None = None, new_as_of: date | None = None,
            month: str | None = None, from_commit: str | None = None,
            to_commit: str | None = None, include_unlisted: bool = False, updates: bool = True,
            broken: Iterable[str] = (), partial: bool = False) -> ChangeLog:
    """The change log between two snapshots' files (rel -> SnapshotFile), given the paths that
    changed. `include_unlisted` also reports people on neither list (for a pull request's review).
    `partial`: `changed` already holds every path to judge (cases whose dates fall between the
    two days included), and the counts are over those paths only (a net change). Without
    `updates`, people who stay on the list are not compared (the corrections need full cases,
    which the month-by-month counts do not)."""
    old_cases = {rel: e.lite for rel, e in old_files.items() if e.lite is not None}
    new_cases = {rel: e.lite for rel, e in new_files.items() if e.lite is not None}
    touched = set(changed)
    if partial:
        old_cases = {r: c for r, c in old_cases.items() if r in touched}
        new_cases = {r: c for r, c in new_cases.items() if r in touched}
    elif old_as_of != new_as_of:
        touched |= {rel for rel, c in new_cases.items()
                    if _flips_between(c, old_as_of, new_as_of)}
    broken = set(broken)
    old_by_id = {old_cases[r].id: r for r in touched if r in old_cases}
    pairs: list[tuple[str | None, str | None, bool]] = []  # (old rel, new rel, broken)
    used: set[str] = set()
    for rel in sorted(touched):
        new = new_cases.get(rel)
        if new is None:
            continue
        match = next((i for i in (new.id, *new.former_ids) if i in old_by_id and i not in used),
                     None)
        if match is None:
            pairs.append((None, rel, False))
            continue
        used.add(match)
        pairs.append((old_by_id[match], rel, False))
    for cid, rel in sorted(old_by_id.items()):
        if cid not in used:
            pairs.append((rel, None, rel in broken))

    log = ChangeLog(month, from_commit, to_commit, *_counts(old_cases, new_cases, touched,
                                                         old_as_of, new_as_of, partial),
                    hidden=None if partial else _hidden_on(new_cases.values(), new_as_of),
                    partial=partial)
    for old_rel, new_rel, is_broken in pairs:
        old_e = old_files[old_rel] if old_rel is not None else None
        new_e = new_files[new_rel] if new_rel is not None else None
        entry = _classify(old_e, new_e, old_as_of, new_as_of, include_unlisted, is_broken,
                          updates)
        if entry is None:
            continue
        if is_broken or redaction.view_of(old_e and old_e.lite, new_e and new_e.lite) is None:
            continue  # a hidden person's change is in no count: see `redaction.hidden_total`
        entry.rel = new_rel if new_rel is not None else old_rel
        entry.case_id = (new_e if new_e is not None else old_e).lite.id  # type: ignore[union-attr]
        log.entries[entry.category].append(entry)
    for c in CATEGORIES:
        log.entries[c].sort(key=lambda e: (e.withheld, e.id or "", e.date or ""))
    return log
