"""Custody status, days in custody and sentence, derived from a case's events.

Status is never stored, so it cannot disagree with the timeline. Partial dates count conservatively:
a custody period starts at the latest day its detention date allows and ends at the earliest day its
release date allows, so "days in custody" reads as "at least".
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator, Literal

from kremlinlist.model import dates
from kremlinlist.model.dates import PartialDate
from kremlinlist.model.case import Case, Event

State = Literal["in-custody", "released", "died", "disappeared", "unknown"]
IN_CUSTODY_STATES = ("in-custody", "disappeared")
_ENDS_CUSTODY = {"released": "released", "died": "died", "disappeared": "disappeared"}


@dataclass(frozen=True)
class Status:
    state: State
    detained: PartialDate | None  # start of the current or last custody period
    changed: PartialDate | None  # date of the event that set the state
    how: str | None  # how a release happened
    died_in_custody: bool
    sentence: str | None  # the last sentence's term
    articles: tuple[str, ...]
    days_in_custody: int | None  # over all periods up to `as_of`; None if a period is undated

    @property
    def in_custody(self) -> bool:
        return self.state in IN_CUSTODY_STATES


def ordered(events: list[Event] | tuple[Event, ...]) -> list[Event]:
    """Events by date; an undated event keeps its place after the dated event written before it."""
    keyed = []
    last = date.min
    for i, e in enumerate(events):
        if e.date is not None:
            last = e.date.earliest
        keyed.append(((last, i), e))
    return [e for _, e in sorted(keyed, key=lambda k: k[0])]


def shapes_status(e: Event) -> bool:
    """Whether `_status` reads anything of this event (the others pass through its loop
    untouched). The snapshot cache keeps only these, in `ordered` order."""
    return (e.type in _SHAPES_STATUS or bool(e.articles)
            or (e.type == "sentenced" and bool(e.term)))


_SHAPES_STATUS = frozenset(("detained", *_ENDS_CUSTODY))


def _happened_by(e: Event, as_of: date | None) -> bool:
    return as_of is None or e.date is None or e.date.earliest <= as_of


# Within `remembered`: each day `remember`ed -> {id of a case: (the case, its status then)};
# a context variable, so that a thread (which starts with none) never shares another's block
_memo: ContextVar[dict[date, dict[int, tuple[Any, Status]]] | None] = ContextVar(
    "statuses_remembered", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    """Within it, a case's status on a day `remember` names is computed once. Held in memory
    for the block only (rule 5: a status is never stored), each with its case, whose id is then
    never another's; a case must not change in the block (a Case is frozen, a snapshot's
    LiteCase is never edited but for its publicity, which a status does not read)."""
    outer = _memo.get()
    token = _memo.set(outer if outer is not None else {})  # a block inside one adds to it
    try:
        yield
    finally:
        _memo.reset(token)


def remember(day: date) -> None:
    """Keep the statuses on `day` in the `remembered` block under way (outside one, nothing):
    a release's month end, which its list, its change log's counts and its chart each ask of
    everyone. Only the days named are kept: a walk over every month holds no other month's."""
    memo = _memo.get()
    if memo is not None:
        memo.setdefault(day, {})


def status(case: Case, as_of: date | None = None) -> Status:
    """The custody status as of `as_of` (default: everything recorded), computed whenever it is
    asked for and never kept (but on a day `remember`ed): a snapshot's case, whose events are
    stored already in `ordered` order, goes through the same sort (which leaves an ordered
    list as it is)."""
    memo = _memo.get()
    kept = memo.get(as_of) if memo is not None and as_of is not None else None
    if kept is None:
        return _status(case, ordered(case.events), as_of)
    hit = kept.get(id(case))
    if hit is not None and hit[0] is case:
        return hit[1]
    st = _status(case, ordered(case.events), as_of)
    kept[id(case)] = (case, st)
    return st


def _status(case: Case, events: list[Event], as_of: date | None) -> Status:
    state: State = "unknown"
    detained = changed = None
    how = None
    died_in_custody = False
    sentence = None
    articles: list[str] = []
    days = 0
    days_known = True
    start: date | None = None
    end_of_count = as_of or dates.today()
    for e in events:
        if not _happened_by(e, as_of):
            continue
        if e.articles:
            articles.extend(a for a in e.articles if a not in articles)
        if e.type == "sentenced" and e.term:
            sentence = e.term
        if e.type == "detained":
            if state not in IN_CUSTODY_STATES:
                state, detained, changed, how = "in-custody", e.date, e.date, None
                start = e.date.latest if e.date else None
                days_known = days_known and start is not None
        elif e.type in _ENDS_CUSTODY:
            was_held = state in IN_CUSTODY_STATES
            if e.type == "disappeared" and not was_held:
                start = e.date.latest if e.date else None
                days_known = days_known and start is not None
            if e.type != "disappeared" and was_held:
                if start is not None and e.date is not None and e.date_is == "on":
                    days += max(0, (e.date.earliest - start).days)
                elif was_held:
                    days_known = False
                start = None
            died_in_custody = e.type == "died" and was_held
            state, changed = _ENDS_CUSTODY[e.type], e.date
            how = e.how if e.type == "released" else None
            if e.type == "died":
                break
    if state in IN_CUSTODY_STATES and start is not None:
        days += max(0, (end_of_count - start).days)
    known = days_known and (detained is not None or state == "disappeared" or days > 0)
    return Status(state, detained, changed, how, died_in_custody, sentence, tuple(articles),
                  days if known else None)


def on_list(case: Case, as_of: date | None = None) -> bool:
    """The current list: recognized by the coalition (`listed`) and, by the timeline, still held."""
    a = case.assessment
    if a.decision != "listed":
        return False
    if as_of is not None and a.since is not None and a.since.earliest > as_of:
        return False
    return status(case, as_of).in_custody


def born_after(born: PartialDate | None, d: PartialDate | None) -> bool:
    return born is not None and d is not None and d.latest < born.earliest
