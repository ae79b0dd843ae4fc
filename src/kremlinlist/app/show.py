"""`kremlinlist show`: one person's card, found by id, former id or any spelling of the name.

The card is built field by field from the model, never by dumping it, so the `private` block cannot
reach it whatever it holds. It is the maintainer's own view of a person; what the public sees of
them is said in `published`, from `redaction.view`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kremlinlist.app.validate import validate
from kremlinlist.base.i18n import N_, _, language, ngettext
from kremlinlist.app.actions import cases_by_id, load_advocacy
from kremlinlist.checks import duplicates as dupes
from kremlinlist.files import loader
from kremlinlist.model import redaction
from kremlinlist.model import verdict as rules
from kremlinlist.model import timeline
from kremlinlist.model.case import ID_RE, Case, Criteria
from kremlinlist.base.problem import Problem
from kremlinlist.model.names import fold_case as _fold_case, raw_names
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history.worktree import working_tree_cases
from kremlinlist.publish.public_list import shown_order
from kremlinlist.publish.views import said_how, said_region, said_sex, said_state
from kremlinlist.publish.words import ACTION_TYPE_WORDS

NAME_SCRIPTS = ("en", "uk", "ru", "crh")
_EVENT_DETAILS = ("place", "term", "regime", "until", "how", "to", "by", "note")


@dataclass
class Found:
    rel: str
    case: Case | None
    problems: list[Problem]


def find_case(root: Path, query: str) -> str:
    """The case file for an id, a former id or a name; the first kind of match that finds anything
    wins (id, former id, exact name in any script, then the name across transliterations and name
    orders, then a single name part such as a surname)."""
    if re.match(ID_RE, query) and len(query) <= 200:  # a longer one names no file anywhere
        rel = f"{loader.CASES_DIR}/{query}.yaml"
        if (root / rel).is_file():
            return rel
    persons: list[dupes.CaseProfile] = []
    raw: dict[str, list[str]] = {}
    for rel, data in dupes.case_data(root):
        p = dupes.profile(rel, data)
        if p is not None:
            persons.append(p)
            raw[rel] = raw_names(data)
    wanted = _fold_case(query)
    key = dupes.normalize(query)
    tests = (
        lambda p: query == p.id,
        lambda p: query in p.former_ids,
        lambda p: any(_fold_case(n) == wanted for n in raw[p.rel]),
        lambda p: len(key) >= 2 and any(sorted(n) == sorted(key) for n in p.names),
        lambda p: len(key) == 1 and any(key[0] in n for n in p.names),
    )
    for test in tests:
        hits = [p for p in persons if test(p)]
        if len(hits) == 1:
            return hits[0].rel
        if hits:
            raise KremlinlistError("ambiguous-case", _("several cases match; give one of these "
                                                       "ids:"),
                                   usage=True, details=[p.id for p in hits])
    raise KremlinlistError("case-not-found", _("no case has this id, former id or name; try part "
                                               "of the name, e.g. the surname, or `ls cases/`"),
                           usage=True)


def load_case(root: Path, rel: str) -> Found:
    loaded = loader.load_file(root, rel, "case")
    return Found(rel, loaded.model, loaded.problems)  # type: ignore[arg-type]


def show_card(root: Path, query: str) -> tuple[dict | None, list[Problem]]:
    """The card of the one case `query` names with every problem `validate` finds in its file
    (`errors` counts them: a card with errors may be wrong), or no card and those problems when
    the file does not load (nothing half-read is shown)."""
    rel = find_case(root, query)
    problems = [p for p in validate(root, [str(root / rel)]).problems if p.file == rel]
    found = load_case(root, rel)
    if found.case is None:
        return None, problems or found.problems
    criteria, _criteria_problems = loader.load_criteria(root)
    withheld = rules.sources_withheld(found.case, loader.load_config(root)[0])
    shown = card(found.case, criteria, loader.today(root), withheld)
    shown["errors"] = sum(p.is_error for p in problems)
    shown["problems"] = [p.to_dict() for p in problems]
    shown["actions"], shown["actions_left_out"] = person_actions(root, found.case)
    return shown, problems


# What of an action is published, in English as JSON carries it (N_); card_facts translates.
_PUBLISHED = {None: N_("not published"),
              True: N_("published as its month and type only, under a withheld name"),
              False: N_("published in full")}


def person_actions(root: Path, case: Case) -> tuple[list[dict], int]:
    """The actions for this person, newest first, as the card lists the person's other facts:
    in full, with what of each is published, whatever their publicity (the card names them
    already). One that is also for someone else whose name is withheld is shown only as it is
    published (its title or sources may name that person, whom this card is not about), and
    counted (the second number) where nothing of it is."""
    advocacy = load_advocacy(root)
    if not advocacy.actions:
        return [], 0
    cases = cases_by_id(working_tree_cases(root)[0])
    listed: list[dict] = []
    left_out = 0
    for _rel, action in advocacy.actions:
        people = [cases.get(i) for i in action.for_]
        if case.id not in {getattr(p, "id", None) for p in people}:
            continue
        view = redaction.action_view(action, cases)
        if any(redaction.level(p) != redaction.PUBLIC for p in people
               if getattr(p, "id", None) != case.id):
            if view is None:
                left_out += 1
            else:
                listed.append(view.to_dict())
            continue
        listed.append({
            "id": action.id, "type": action.type,
            "title": {k: v for k, v in (("en", action.title.en), ("uk", action.title.uk)) if v},
            "date": str(action.date) if action.date else None,
            "until": str(action.until) if action.until else None,
            "by": {"organizations": action.orgs,
                   "others": [a.name for a in action.by if a.name is not None]},
            "published": _PUBLISHED[None if view is None else view.withheld]})
    # undated last; those of one date by what they show, as every list of actions: an action
    # shown withheld has no id, and its file's place follows its day
    listed.sort(key=shown_order, reverse=True)
    return listed, left_out


def card(case: Case, criteria: Criteria | None, today: date | None = None,
         withheld: bool = False) -> dict:
    """Everything a maintainer reads about one person, except `private`."""
    st = timeline.status(case, today)
    names = {s: getattr(case.name, s) for s in NAME_SCRIPTS if case.name and getattr(case.name, s)}
    events = []
    for e in timeline.ordered(case.events):
        details = {k: str(getattr(e, k)) for k in _EVENT_DETAILS if getattr(e, k) is not None}
        if e.articles:
            details["articles"] = ", ".join(e.articles)
        events.append({"date": str(e.date) if e.date else None, "date_is": e.date_is,
                       "type": e.type, "details": details, "sources": list(e.sources)})
    verdict = None
    if criteria is not None:
        v = rules.verdict(case, criteria, withheld)
        verdict = {"summary": v.summary, "meets_rules": v.meets_rules,
                   "criteria": [{"id": c.id, "text": c.text, "text_uk": c.text_uk,
                                 "backed": c.backed, "sources": list(c.sources)}
                                for c in v.criteria],
                   "signs": [s for s, _ in v.signs], "exclusions": [x for x, _ in v.exclusions]}
    a = case.assessment
    view = redaction.view(case)
    return {
        "id": case.id,
        "former_ids": list(case.former_ids),
        "publicity": redaction.level(case),
        # English, as JSON carries it (N_); card_facts says it in the reader's language.
        "published": (N_("counted only") if view is None else
                      N_("region and custody status only, under a withheld name") if view.anonymous
                      else N_("named, with the summary and sources")),
        "names": names,
        "aliases": list(case.aliases),
        "born": str(case.born) if case.born else None,
        "sex": case.sex,
        "citizenship": list(case.citizenship),
        "region": case.region,
        "occupation": case.occupation,
        "summary": case.summary,
        "assessment": {"decision": a.decision, "since": str(a.since) if a.since else None,
                       "by": list(a.by), "reason": a.reason},
        "on_list": timeline.on_list(case, today),
        "status": {"state": st.state,
                   "detained": str(st.detained) if st.detained else None,
                   "changed": str(st.changed) if st.changed else None,
                   "how": st.how, "died_in_custody": st.died_in_custody,
                   "sentence": st.sentence, "articles": list(st.articles)},
        "days_in_custody": st.days_in_custody,
        "timeline": events,
        "verdict": verdict,
        "sources": {sid: {"title": s.title, "publisher": s.publisher,
                          "date": str(s.date) if s.date else None, "url": s.url}
                    for sid, s in case.sources.items()},
    }


def card_facts(c: dict) -> list[tuple[str, object]]:
    """The card's facts as (label, value) rows, empty ones left out: what a person reads about
    someone is decided here, the command line only lays the rows out."""
    rows: list[tuple[str, object]] = []

    def fact(label: str, value) -> None:
        if value not in (None, "", []):
            rows.append((label, value))

    errors = c.get("errors", 0)
    if errors:
        fact(_("errors"), ngettext("this case has {n} error; the card may be wrong until it is "
                                   "fixed:", "this case has {n} errors; the card may be wrong "
                                   "until they are fixed:", errors).format(n=errors))
    for p in c.get("problems", []):
        fact("", (_("line {line}: {severity} {code}: {message}") if p["line"] else
                  _("{severity} {code}: {message}")).format(**p))
    for script, name in c["names"].items():
        fact(_("name ({script})").format(script=script), name)
    fact(_("aliases"), ", ".join(c["aliases"]))
    fact(_("former ids"), ", ".join(c["former_ids"]))
    if c["publicity"] != "public":
        fact(_("publicity"), _("{publicity} (never published with these details)").format(
            publicity=c["publicity"]))
    fact(_("born"), c["born"])
    fact(_("sex"), said_sex(c["sex"]))
    fact(_("citizenship"), ", ".join(c["citizenship"]))
    fact(_("region"), said_region(c["region"]))
    fact(_("occupation"), c["occupation"])
    fact(_("summary"), c["summary"])
    a, st = c["assessment"], c["status"]
    fact(_("decision"), " ".join(filter(None, [
        a["decision"], a["since"] and _("since {date}").format(date=a["since"]),
        a["by"] and _("by {organizations}").format(organizations=", ".join(a["by"]))])))
    fact(_("reason"), a["reason"])
    fact(_("status"), " ".join(filter(None, [
        said_state(st["state"]), st["changed"] and _("since {date}").format(date=st["changed"]),
        st["how"] and f"({said_how(st['how'])})",
        st["died_in_custody"] and _("(died in custody)")])))
    days = c["days_in_custody"]
    fact(_("days in custody"), _("unknown (a custody date is missing)") if days is None else
         _("at least {days} ({years} years)").format(days=days, years=f"{days / 365.25:.1f}"))
    fact(_("sentence"), st["sentence"])
    fact(_("articles"), ", ".join(st["articles"]))
    on_list = _("yes") if c["on_list"] else _("no")
    fact(_("on the list"), _("{yes_or_no} (unsure until its errors are fixed)").format(
        yes_or_no=on_list) if errors else on_list)
    lang = language()
    for a in c.get("actions", ()):  # newest first; title and type in the reader's language
        kind = ACTION_TYPE_WORDS[lang].get(a["type"], a["type"])
        said = f"{a['date'] or _('undated')} {kind}: " + (
            _("shown as published: it is also for someone else whose name is withheld")
            if a.get("withheld") else a["title"].get(lang) or a["title"]["en"])
        published = a.get("published", _PUBLISHED[False])
        fact(_("action"), said if published == _PUBLISHED[False] else _(
            "{action} ({published})").format(action=said, published=_(published)))
    left_out = c.get("actions_left_out", 0)
    if left_out:
        fact(_("action"), ngettext(
            "{n} more action for this person is also for someone else whose name is withheld "
            "and is not published; it is left out of this card, as its title may name them",
            "{n} more actions for this person are also for someone else whose name is withheld "
            "and are not published; they are left out of this card, as their titles may name "
            "them", left_out).format(n=left_out))
    return rows
