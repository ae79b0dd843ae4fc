"""Who is on the published list, as it may be published.

Privacy is applied once, in `build_list`, by `redaction.view`: a `PublicList` holds only what may be
published, so no writer or template (including a dataset's own override) can reach a `private`
block, a hidden person or an anonymous person's identity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Iterable

from kremlinlist.model import redaction
from kremlinlist.model import timeline
from kremlinlist.model.case import Case


@dataclass(frozen=True)
class SourceRef:
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class PublicPerson:
    """One row of the public list. An anonymous row carries only its region and status."""

    id: str | None
    names: dict[str, str] | None
    region: str | None
    detained: str | None
    status: str
    days_in_custody: int | None
    sentence: str | None
    summary: str | None = None
    sources: tuple[SourceRef, ...] = ()
    anonymous: bool = False
    actions: tuple[redaction.ActionView, ...] = ()  # newest first; a public person's only
    aliases: tuple[str, ...] = ()  # other spellings, for the search (never of an anonymous row)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id, "anonymous": self.anonymous, "names": self.names,
            "region": self.region, "detained": self.detained, "status": self.status,
            "days_in_custody": self.days_in_custody, "sentence": self.sentence,
            "summary": self.summary,
            "sources": [{"title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url}
                        for s in self.sources],
        }
        if self.actions:
            out["actions"] = [a.to_dict() for a in self.actions]
        return out


@dataclass(frozen=True)
class PublicList:
    as_of: date
    count: int  # the public and anonymous people on the list: the rows
    people: list[PublicPerson] = field(default_factory=list)  # public and anonymous rows only
    hidden: int = field(default=0, repr=False)  # never shown, only as `hidden_total`
    # the coalition's own latest published count with its source (app.actions.published_count)
    published: dict | None = None

    def hidden_total(self, lang: str = "en") -> str:
        """The hidden people as the list may say them (`redaction.hidden_total`)."""
        return redaction.hidden_total(self.hidden, lang)

    def to_dict(self, people: bool = True) -> dict[str, Any]:
        head = {"as_of": self.as_of.isoformat(), "count": self.count,
                "hidden": self.hidden_total(),
                **({"published": self.published} if self.published else {})}
        return {**head, "people": [p.to_dict() for p in self.people]} if people else head


def _person(v: redaction.View, st: timeline.Status) -> PublicPerson:
    """A row of what the view shows: everything of a public person, region and status of an
    anonymous one."""
    if v.anonymous:
        return PublicPerson(id=None, names=None, region=v.region, detained=None, status=st.state,
                      days_in_custody=None, sentence=None, anonymous=True)
    return PublicPerson(id=v.id, names=v.names or {"en": v.id, "uk": None}, region=v.region,
                  detained=v.date(st.detained), status=st.state,
                  days_in_custody=st.days_in_custody, sentence=st.sentence,
                  summary=v.summary, sources=tuple(SourceRef(*s) for s in v.sources),
                  aliases=v.aliases)


def _actions_by_person(cases: list, actions: Iterable[Any]
                       ) -> dict[str, tuple[redaction.ActionView, ...]]:
    """Each public person's actions as `redaction.action_view` publishes them, newest first."""
    by_id: dict[str, Any] = {}
    for c in cases:
        for former in c.former_ids:
            by_id.setdefault(former, c)
    by_id.update({c.id: c for c in cases})
    out: dict[str, list[redaction.ActionView]] = {}
    for action in actions:
        v = redaction.action_view(action, by_id)
        for pid in dict.fromkeys(p for p, _ in v.people) if v is not None else ():
            out.setdefault(pid, []).append(v)
    return {pid: tuple(newest_first(vs)) for pid, vs in out.items()}


def newest_first(views: Iterable[redaction.ActionView]) -> list[redaction.ActionView]:
    """Newest first, undated actions last; those of one date by what they show, never by their
    file's name or place: a withheld action's id (not shown) begins with its day, and the order
    of two withheld actions of one month would say which came first. Ties left are actions
    that show the same, whose order shows nothing. The one order of every list of actions (the
    list's, the site's, `kremlinlist actions`', the change log's)."""
    return sorted(views, key=lambda v: shown_order(v.to_dict()), reverse=True)


def shown_order(shown: dict) -> tuple[str, str, str]:
    """The key `newest_first` sorts an action by, reversed, from what is shown of it (its
    `to_dict`, or a card's fuller entry): date, id where shown, then all the rest."""
    return shown.get("date") or "", shown.get("id") or "", json.dumps(shown, sort_keys=True)


def build_list(cases: Iterable[Case], as_of: date, actions: Iterable[Any] = (),
               published: dict | None = None) -> PublicList:
    """The people `listed` and, by their timeline, held as of `as_of`, with publicity applied;
    with `actions`, each public person's advocacy actions, and the coalition's `published`
    count."""
    cases = [c for c in cases if c is not None]
    advocacy = _actions_by_person(cases, actions)
    public: list[PublicPerson] = []
    anonymous: list[PublicPerson] = []
    hidden = 0
    for case in cases:
        if not timeline.on_list(case, as_of):
            continue
        v = redaction.view(case)
        if v is None:
            hidden += 1
        else:
            person = _person(v, timeline.status(case, as_of))
            if not v.anonymous and case.id in advocacy:
                person = replace(person, actions=advocacy[case.id])
            (anonymous if v.anonymous else public).append(person)
    public.sort(key=lambda p: p.id)  # a public id is "surname-given-name": surname order
    anonymous.sort(key=lambda p: (p.region or "", p.status))
    return PublicList(as_of=as_of, count=len(public) + len(anonymous), people=public + anonymous,
                      hidden=hidden, published=published)

