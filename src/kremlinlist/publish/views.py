"""The tables a person reads at a terminal: a card (app.show), the counts (app.stats) and the
list month by month, as screen blocks; JSON and CSV are written by the app's own functions."""

from __future__ import annotations

import re

from kremlinlist.base.i18n import _, language, pgettext
from kremlinlist.model.redaction import hidden_total_in
from kremlinlist.model.regions import region_name
from kremlinlist.model.verdict import NOT_IN_CRITERIA, criterion_text
from kremlinlist.publish.reports import printable
from kremlinlist.publish.screen import FactGrid, Shown, Styled, TextTable
from kremlinlist.publish.words import EVENT_WORDS


# A card's and `check`'s values in the reader's words; in English, the value as the files and
# JSON write it. Each a call of its own, so that the catalog finds the words.
def said_state(state: str) -> str:
    """A custody status (timeline.status) in the reader's words."""
    return {"in-custody": pgettext("custody status", "in-custody"),
            "released": pgettext("custody status", "released"),
            "died": pgettext("custody status", "died"),
            "disappeared": pgettext("custody status", "disappeared"),
            "unknown": pgettext("custody status", "unknown")}.get(state, state)


def said_how(how: str | None) -> str | None:
    """How a person was released (`how:`) in the reader's words."""
    return {"exchange": pgettext("released by", "exchange"),
            "sentence-served": pgettext("released by", "sentence-served"),
            "acquitted": pgettext("released by", "acquitted"),
            "pardoned": pgettext("released by", "pardoned"),
            "other": pgettext("released by", "other")}.get(how, how) if how else how


def said_sex(sex: str | None) -> str | None:
    """`sex:` in the reader's words."""
    return {"male": pgettext("sex", "male"),
            "female": pgettext("sex", "female")}.get(sex, sex) if sex else sex


def said_region(code: str | None) -> str | None:
    """A region's code with its name in the reader's language (a code not in the table alone)."""
    name = region_name(code, language()) if code else None
    return f"{code} ({name})" if name else code


def said_event(kind: str) -> str:
    """An event's type in the reader's words."""
    return _(EVENT_WORDS[kind]) if kind in EVENT_WORDS else kind


def said_criterion(criterion: dict) -> str:
    """A criterion's text (a card's `verdict.criteria` item) in the reader's language."""
    return criterion_text(criterion["text"], criterion.get("text_uk", NOT_IN_CRITERIA),
                          language())


def card_view(c: dict, facts_rows: list[tuple[str, object]]) -> list[Shown]:
    """A card (app.show.card, with its app.show.card_facts) as a title, a grid of facts and
    tables of timeline, criteria and sources."""
    shown: list[Shown] = [
        Styled(((c["names"].get("en") or _("(no name recorded)"), "bold"),
                (f"  {c['id']}", "bold dim"))),
        FactGrid(tuple((label, _text(value)) for label, value in facts_rows))]
    events = tuple((_("by {date}").format(date=e["date"]) if e["date_is"] == "by"
                    else e["date"] or _("(undated)"), said_event(e["type"]),
                    "; ".join(f"{k}: {v}" for k, v in e["details"].items()),
                    ", ".join(e["sources"])) for e in c["timeline"])
    shown.append(TextTable(_("Timeline"), _columns(_("date"), _("event"), _("details"),
                                                   _("sources")), events) if events
                 else Styled.of(_("Timeline: no events recorded")))
    v = c["verdict"]
    if v is None:
        shown.append(Styled.of(_("Criteria: criteria.yaml does not load; run kremlinlist "
                                 "validate")))
    else:
        rows = tuple((_text(cr["id"]), ", ".join(cr["sources"]) if cr["backed"]
                      else _("NOT backed by a source"), said_criterion(cr)) for cr in v["criteria"])
        shown.append(TextTable(_("Criteria: {summary}").format(summary=_(v["summary"])),
                               _columns(_("criterion"), _("backed by"), _("text")), rows))
        shown.append(Styled.of(_("signs: {signs}; exclusions: {exclusions}").format(
            signs=", ".join(v["signs"]) or _("none"),
            exclusions=", ".join(v["exclusions"]) or _("none"))))
    shown.append(Styled.of(_("Sources") if c["sources"] else _("Sources: none recorded"), "italic"))
    for sid, src in c["sources"].items():
        shown.append(Styled.of(f"{sid}: " + ", ".join(filter(None, [
            src["title"], src["publisher"], src["date"]])), "bold"))
        if src["url"]:
            shown.append(Styled((("  " + src["url"], ""),), no_wrap=True))
    return shown


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _columns(*headers: str, right: tuple[int, ...] = ()) -> tuple[tuple[str, str], ...]:
    return tuple((h, "right" if i in right else "left") for i, h in enumerate(headers))


def stats_view(result: dict, dimensions) -> list[Shown]:
    """The counts (app.stats) as a headline and one table a dimension, then the actions'."""
    t = result["totals"]
    at = _(" (commit {commit})").format(commit=result["rev"][:10]) if result.get("rev") else ""
    shown: list[Shown] = [Styled.of(_(
        "as of {date}{at}: {on_list} on the list (listed and held), {held} held, {listed} "
        "listed, {cases} cases in all; {hidden} more whose details are not published").format(
            date=result["as_of"], at=at, on_list=t["on_list"], held=t["in_custody"],
            listed=t["listed"], cases=t["cases"],
            hidden=hidden_total_in(t["not_published"], language())))]
    counts = result["counts"]
    for dim in dimensions:
        keys = dict.fromkeys([*counts["all"][dim], *counts["list"][dim]])
        shown.append(TextTable(dim.replace("_", " "), _columns(
            dim.replace("_", " "), _("on the list"), _("all cases"), right=(1, 2)),
            tuple((_text(key), str(counts["list"][dim].get(key, 0)),
                   str(counts["all"][dim].get(key, 0))) for key in keys)))
    actions = result.get("actions")
    if actions and actions["total"]:
        shown.append(Styled.of(_("advocacy actions: {total}, and {hidden} not published").format(
            total=actions["total"], hidden=hidden_total_in(actions["not_published"],
                                                           language()))))
        for key, title, column in (("by_type", _("actions by type"), _("type")),
                                   ("by_month", _("actions by month"), _("month"))):
            shown.append(TextTable(title, _columns(column, _("actions"), right=(1,)), tuple(
                (_text(name), str(n)) for name, n in actions[key].items())))
    return shown


def series_view(rows: list[dict]) -> list[Shown]:
    """The list month by month (app.stats.over_time) as one table; none yet said in words, not
    as an empty table."""
    if not rows:
        return [_("no month has ended since the first commit: its month is counted once it has "
                  "ended")]
    return [TextTable(_("the list at each month's end"), _columns(
        _("month"), _("on the list"), _("added"), _("released"), _("died"), _("commit"),
        right=(1, 2, 3, 4)), tuple((r["month"], str(r["count"]), str(r["added"]),
                                     str(r["released"]), str(r["died"]), r["commit"][:10])
                                    for r in rows))]


def queue_view(rows) -> list[Shown]:
    """The intake queue (app.intake.queue), one line a report: id, status, age, region, then
    its names and likely duplicates when they could be read."""
    if not rows:
        return [_("no reports in intake/")]
    lines: list[Shown] = []
    for r in rows:
        region = r.region or ("-" if r.readable else _("sealed"))
        line = f"{r.id}  {r.status:<9}  {r.age_days:>4}d  {region}"
        if r.names:
            line += "  " + " / ".join(r.names)
        if r.likely:
            line += "  " + _("likely: {ids}").format(ids=", ".join(r.likely))
        lines.append(line)
    return lines


def report_view(r: dict) -> list[Shown]:
    """An intake report (app.intake_show) for an editor: the envelope, the person concerned, the
    reporter, then what happened as written. A report is a stranger's text: every value goes
    through `printable`, so an escape or a bidi mark typed into a form shows as such and cannot
    move the cursor, recolour the terminal or reorder what is read."""
    person, reporter = r["report"]["person"], r["report"]["reporter"]
    history = [f"{h['on']}  {h['status']}  {h['by']}" + (f": {h['reason']}" if h.get("reason")
                                                        else "") for h in r["history"]]
    envelope = [(pgettext("intake report", "received"), r["received"]),
                (pgettext("intake report", "via"), r["via"]),
                (pgettext("intake report", "case"), r["case"]),
                (pgettext("intake report", "sealed"), _("yes") if r["sealed"] else _("no")),
                *((pgettext("intake report", "history") if i == 0 else "", line)
                  for i, line in enumerate(history))]
    concerned = [(pgettext("intake report", "names"), " / ".join(person["names"]) or None),
                 (pgettext("intake report", "born"), _understood(person["born"], "date")),
                 (pgettext("intake report", "region"), _understood(person["region"], "code")),
                 (pgettext("intake report", "detained on"),
                  _understood(person["detained_on"], "date")),
                 (pgettext("intake report", "place"), person["place"])]
    who = [(pgettext("intake report", "name"), reporter["name"]),
           (pgettext("intake report", "relation"), reporter["relation"]),
           (pgettext("intake report", "e-mail"), reporter["email"]),
           (pgettext("intake report", "phone"), reporter["phone"])]
    shown: list[Shown] = [Styled(((printable(r["id"]), "bold"), (f"  {printable(r['status'])}",
                                                                  "")))]
    for title, rows in (("", envelope), (_("Person concerned"), concerned),
                        (_("Reporter"), who)):
        if title:
            shown.append(Styled.of(title, "bold"))
        facts = tuple((label, printable(str(value))) for label, value in rows if value)
        shown.append(FactGrid(facts) if facts else Styled.of(_("(nothing written)"), "italic"))
    shown.append(Styled.of(_("What happened"), "bold"))
    told = person["what_happened"]
    shown += ([Styled.of("  " + printable(line)) for line in re.split(r"\r?\n", told)] if told
              else [Styled.of(_("(nothing written)"), "italic")])
    return shown


def _understood(typed: dict | None, key: str) -> str | None:
    """What was typed for a date or a region, and what was understood of it when that differs."""
    if typed is None:
        return None
    value = typed.get(key)
    if value == typed["typed"]:
        return value
    return f"{typed['typed']} → " + (said_region(value) if key == "code" and value
                                     else value or _("not understood"))
