"""The one rule for what of a case may be published.

Every public rendering (the list, the change log, statistics, `diff`'s review) asks `view` what of
a case it may show, so the rule lives here and nowhere else:

- `public`: everything but `private`.
- `anonymous`: the region, the custody status and the month of a change; never a name, an exact
  date, a place, a "since", a source, a reason's text, an id or a path. Whether a delisting
  has a reason is kept (so the person is not flagged as leaving without one), its text is not.
- `hidden`: no view at all. Every published total and monthly flow counts public and anonymous
  people only; hidden people appear in an output only as one separate total, `hidden_total`.

It fails closed: a case that did not load, or whose `publicity` is missing from the model or
not one of the three values, is `hidden`.

An advocacy action (`action_view`) is published as the most private person it is for allows: for
public people only, whole; for an anonymous person, only its type, its month, the organizations
that acted and the public people it is for, with "a person whose name is withheld" for the rest
(its title, summary, addressee, outcome, signatures, sources, id and actors without a file are
free text a researcher wrote, which may name them); for a hidden person, or a `for` id that does
not resolve to a case, not at all.

`K` is 5: a count of one to four withheld people, next to a month, a region or a bucket, can
point at a person that relatives, neighbours or an investigator already know of; five is the
smallest group in which none of them is singled out, and the common small-cell threshold of
statistical offices. A count of 0 singles out no one and is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

PUBLIC, ANONYMOUS, HIDDEN = "public", "anonymous", "hidden"
LEVELS = (PUBLIC, ANONYMOUS, HIDDEN)
K = 5
FEWER = f"fewer than {K}"


def level(case: Any) -> str:
    """A case's publicity; `hidden` for no case (it did not load) or an unknown value."""
    value = getattr(case, "publicity", None) if case is not None else None
    return value if value in LEVELS else HIDDEN


def level_of_raw(data: Any) -> str:
    """The publicity of a file read as plain YAML (it may not load as a case): `public` only
    when the file is a mapping that leaves `publicity` out or says `public`."""
    if not isinstance(data, dict):
        return HIDDEN
    value = data.get("publicity", PUBLIC)
    return value if value in LEVELS else HIDDEN


def strictest(*levels: str) -> str:
    """The most private of several publicities (say, of two versions of a file)."""
    if any(v not in LEVELS for v in levels):
        return HIDDEN
    return max(levels, key=LEVELS.index, default=PUBLIC)


def count(n: int) -> int | str:
    """A count of withheld people as it may be published: itself from K up (or 0), else
    "fewer than K"."""
    return n if n == 0 or n >= K else FEWER


_HIDDEN_WORDS = {"en": ("fewer than {k}", "at least {n}"), "uk": ("менше ніж {k}", "щонайменше {n}")}


def hidden_total(n: int, lang: str = "en") -> str:
    """The number of hidden people as an output may say it: "fewer than K" below K (0 too),
    else floored to a multiple of K ("at least 5", "at least 10"...).

    Why not the number, nor the number from K up: outputs are compared month to month and side
    by side (a list's count against its rows, "1 -> 3" against one newly listed). Any total that
    moves by one when one hidden person joins or leaves names the month they did, and so points
    at them (differencing). A total that only moves in steps of K, and that every other total
    leaves out, does not tell one arrival from none."""
    fewer, at_least = _HIDDEN_WORDS[lang]
    return fewer.format(k=K) if n < K else at_least.format(n=n // K * K)


def hidden_total_in(total: Any, lang: str) -> Any:
    """A total as `hidden_total` or `count` said it in English (what JSON and CSV keep), said in
    `lang` for a person to read; a number, or anything else, as it is."""
    fewer, at_least = _HIDDEN_WORDS["en"]
    if total == fewer.format(k=K):
        return _HIDDEN_WORDS[lang][0].format(k=K)
    prefix = at_least.partition("{")[0]
    if isinstance(total, str) and total.startswith(prefix) and total[len(prefix):].isdigit():
        return _HIDDEN_WORDS[lang][1].format(n=int(total[len(prefix):]))
    return total


def month(value: Any) -> str | None:
    """A partial date cut to its month (`2026-04`), or its year when it has no month."""
    if value is None:
        return None
    return str(value)[:7]


@dataclass(frozen=True)
class View:
    """What of one case may be published. For an anonymous person only `region`, `status`
    related fields and months are set; `id`, names, summary and sources are None or empty."""

    anonymous: bool
    id: str | None
    names: dict[str, str | None] | None  # None also for a public case without a name
    region: str | None
    summary: str | None
    sources: tuple[tuple[str, str | None, str | None, str | None], ...]
    reason: str | None  # the text of a delisting's reason; None for an anonymous person
    has_reason: bool  # whether a reason is recorded, which may always be said
    aliases: tuple[str, ...] = ()  # other spellings of a public person's name (search)

    def date(self, value: Any) -> str | None:
        """A date of this person as it may be published: exact, or only its month."""
        if value is None:
            return None
        return month(value) if self.anonymous else str(value)

    def since(self, value: Any) -> str | None:
        """When a person was listed: never for an anonymous person, whose change is dated
        by the change log's own month."""
        return None if self.anonymous else self.date(value)

    def event(self, e: Any, details: tuple[str, ...]) -> dict:
        """A new event: its type and date, with `details` (term, regime...) for a public person
        only; an anonymous person's event shows its type and month."""
        out: dict = {"type": e.type}
        if e.date is not None:
            out["date"] = self.date(e.date)
            if e.date_is == "by":
                out["date_is"] = "by"
        if not self.anonymous:
            for key in details:
                value = getattr(e, key, None)
                if value:
                    out[key] = str(value) if key == "until" else value
        return out


def has_reason(assessment: Any) -> bool:
    """Whether a decision records a reason: a snapshot record of a withheld person keeps only
    that (`has_reason`), a full case its text."""
    flag = getattr(assessment, "has_reason", None)
    return bool(assessment.reason) if flag is None else bool(flag)


def view(case: Any) -> View | None:
    """The public view of a case (a `Case` or a snapshot's `LiteCase`); None when nothing of it
    may be shown (hidden, or its publicity cannot be read)."""
    lvl = level(case)
    if lvl == HIDDEN:
        return None
    a = case.assessment
    if lvl == ANONYMOUS:
        return _anonymous(case)
    names = {"en": case.name.en, "uk": case.name.uk} if case.name else None
    sources = tuple((s.title, s.publisher, str(s.date) if s.date else None, s.url)
                    for s in case.sources.values())
    return View(False, case.id, names, case.region, case.summary, sources, a.reason,
                has_reason(a), tuple(getattr(case, "aliases", None) or ()))


def public_case(case: Any) -> Any:
    """A public case whole, as a person's own page may show it (everything but `private`); None
    for an anonymous or hidden one, or one whose publicity cannot be read."""
    if level(case) != PUBLIC:
        return None
    return case.model_copy(update={"private": None})


def _anonymous(case: Any) -> View:
    return View(True, None, None, case.region, None, (), None, has_reason(case.assessment))


def view_of(*versions: Any) -> View | None:
    """The public view of one person known in several versions (before and after a change; None
    for a version that does not exist): the most private version decides what is shown, the last
    one given supplies it."""
    present = [c for c in versions if c is not None]
    if not present:
        return None
    lvl = strictest(*(level(c) for c in present))
    if lvl == HIDDEN:
        return None
    return _anonymous(present[-1]) if lvl == ANONYMOUS else view(present[-1])


# What a count-only (hidden) person's details are compared under: nothing of it is shown.
WITHHELD = View(True, None, None, None, None, (), None, False)


@dataclass(frozen=True)
class ActionView:
    """What of one advocacy action may be published. `withheld` views carry only `type`, the
    month in `date`, the organizations in `orgs`, the public `people` and `withheld_people`."""

    withheld: bool
    id: str | None
    type: str
    title: dict[str, str] | None
    date: str | None  # None: no source dates it
    until: str | None
    orgs: tuple[str, ...]  # organization ids among who acted
    actors: tuple[str, ...]  # the names of actors with no file; empty when withheld
    to: str | None
    people: tuple[tuple[str, dict[str, str]], ...]  # (id, names) of the public people it is for
    withheld_people: int  # how many people it is for whose names are withheld
    signatures: dict | None
    outcome: str | None
    summary: str | None
    sources: tuple[tuple[str, str | None, str | None, str | None], ...]

    def to_dict(self) -> dict:
        out: dict = {"id": self.id, "type": self.type, "date": self.date}
        if self.withheld:
            out["withheld"] = True
        for key in ("title", "until", "to", "signatures", "outcome", "summary"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        out["by"] = {"organizations": list(self.orgs), "others": list(self.actors)}
        out["for"] = [{"id": i, "name": n} for i, n in self.people]
        if self.withheld_people:
            out["for_withheld"] = self.withheld_people
        out["sources"] = [{"title": t, "publisher": p, "date": d, "url": u}
                          for t, p, d, u in self.sources]
        return out


def action_view(action: Any, cases: Mapping[str, Any]) -> ActionView | None:
    """The public view of an action, given the cases by id and former id (a `Case` or a snapshot's
    `LiteCase`); None when nothing of it may be published (see the module's docstring). Each
    person counts once, however many of their ids (a current and a former one) `for` names."""
    levels, people, seen = [], [], set()
    for case_id in action.for_:
        case = cases.get(case_id)
        if case is not None:
            if case.id in seen:
                continue
            seen.add(case.id)
        lvl = level(case)
        levels.append(lvl)
        if lvl == PUBLIC:
            names = {k: n for k, n in (("en", case.name.en), ("uk", case.name.uk)) if n} \
                if case.name else {}
            people.append((case.id, names))
    lvl = strictest(*levels)
    if lvl == HIDDEN:
        return None
    withheld = lvl == ANONYMOUS
    orgs = tuple(a.org for a in action.by if a.org is not None)
    if withheld:
        return ActionView(True, None, action.type, None, month(action.date), None, orgs, (),
                          None, tuple(people), levels.count(ANONYMOUS), None, None, None, ())
    title = {k: v for k, v in (("en", action.title.en), ("uk", action.title.uk)) if v}
    sig = action.signatures.model_dump(mode="json", exclude_none=True, exclude={"sources"}) \
        if action.signatures is not None else None
    sources = tuple((s.title, s.publisher, str(s.date) if s.date else None, s.url)
                    for s in action.sources.values())
    return ActionView(False, action.id, action.type, title,
                      str(action.date) if action.date else None,
                      str(action.until) if action.until else None, orgs,
                      tuple(a.name for a in action.by if a.name is not None), action.to,
                      tuple(people), 0, sig or None, action.outcome, action.summary, sources)
