"""The timeline of one case is coherent: the custody status (model.timeline) reads it as written."""

from __future__ import annotations

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.checks.context import CaseContext
from kremlinlist.model.case import Case
from kremlinlist.model.dates import PartialDate
from kremlinlist.model.timeline import born_after

_AFTER_DEATH_OK = {"recognized", "died"}


def timeline_findings(case: Case, ctx: CaseContext) -> list[Finding]:
    """Coherence of the timeline: nothing in the future, no release before detention, nothing
    after death. A withheld person's events cite nothing here (their sources are private)."""
    today, cited = ctx.today, not ctx.withheld
    out: list[Finding] = []

    def future(path: tuple, d: PartialDate | None) -> None:
        if d is not None and d.earliest > today:
            out.append(Finding(path, "error", "future-date",
                               _("this date is after today ({today}); check it").format(
                                   today=today.isoformat())))

    future(("born",), case.born)
    future(("assessment", "since"), case.assessment.since)
    for sid, src in case.sources.items():
        future(("sources", sid, "date"), src.date)
    events = case.events
    for i, e in enumerate(events):
        future(("events", i, "date"), e.date)
        future(("events", i, "until"), e.until)
        if e.until is not None and e.date is not None and e.until.latest < e.date.earliest:
            out.append(Finding(("events", i, "until"), "error", "until-before-date",
                               _("`until` is before the event's `date`; swap or correct them")))
        if born_after(case.born, e.date):
            out.append(Finding(("events", i, "date"), "error", "event-before-birth",
                               _("this event is before the person was born; correct the date")))
        if cited and not e.sources:
            out.append(Finding(("events", i), "warning", "uncited-event",
                               _("this event cites no source; add `sources: [id]` naming the "
                                 "public source that states it")))
    detentions = [e.date for e in events if e.type == "detained" and e.date and e.date_is == "on"]
    first_detention = min(detentions, key=lambda d: d.earliest, default=None)
    has_detention = any(e.type == "detained" for e in events)
    deaths = [i for i, e in enumerate(events) if e.type == "died"]
    for i, e in enumerate(events):
        if e.type != "released":
            continue
        if not has_detention:
            out.append(Finding(("events", i), "warning", "release-without-detention",
                               _("a release with no detention before it; add the `detained` "
                                 "event (without `date` if no source dates it)")))
        elif first_detention and e.date and e.date.latest < first_detention.earliest:
            out.append(Finding(("events", i, "date"), "error", "release-before-detention",
                               _("released before the first detention; correct one of the "
                                 "dates")))
    if len(deaths) > 1:
        out.append(Finding(("events", deaths[1]), "error", "died-twice",
                           _("the timeline has two `died` events; keep one")))
    if deaths and events[deaths[0]].date is not None:
        death = events[deaths[0]].date
        for i, e in enumerate(events):
            if (e.type not in _AFTER_DEATH_OK and e.date is not None
                    and e.date.earliest > death.latest):
                out.append(Finding(("events", i, "date"), "error", "event-after-death",
                                   _("this event is dated after the death; correct the date "
                                     "or the event")))
    return out
