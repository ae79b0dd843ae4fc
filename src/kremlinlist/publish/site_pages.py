"""The site's own html pages: a person, a month's change log, the archive, about, redirects.

A person page is made only from `redaction.public_case` (None for an anonymous or hidden person:
no page), a change-log page only from a `ChangeLog`, which `redaction.view_of` already made
safe. The pages share the list's look (list.css, with site.css, as one stylesheet of the site's
own: a page of 10,000 does not carry it inline) and a strict policy: nothing but that stylesheet
is loaded, and no request leaves the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.model import redaction, timeline
from kremlinlist.model.regions import LANGS
from kremlinlist.publish.changelog import CATEGORIES, ChangeLog, LogEntry
from kremlinlist.publish.changelog_text import action_line
from kremlinlist.publish.escape import safe_url
from kremlinlist.publish.labels import number_label, region_label, sentence_label
from kremlinlist.publish.site_words import SITE_WORDS
from kremlinlist.publish.templates import html_environment
from kremlinlist.publish.words import ADVOCACY_WORDS, WORDS

NAME_SCRIPTS = ("en", "uk", "ru", "crh")
_EVENT_DETAILS = ("place", "term", "regime", "articles", "until", "how", "to", "by", "note")


def other(lang: str) -> str:
    return "uk" if lang == "en" else "en"


@dataclass
class SiteInfo:
    """What every page of the site says the same way: settings, criteria and organizations."""

    as_of: date
    noindex: bool = False
    coalition: dict[str, str] | None = None  # name by language
    criteria: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # kind -> id -> text
    organizations: list[dict[str, Any]] = field(default_factory=list)
    coalitions: list[dict[str, Any]] = field(default_factory=list)  # coalitions/: names, members
    actions: dict[str, list[Any]] = field(default_factory=dict)  # id -> redaction.ActionView


def nav(info: SiteInfo, lang: str, up: str, here: str, label_key: str | None) -> dict:
    """The links of the site's header: `here` is the page's path under its language folder."""
    w = SITE_WORDS[lang]
    links = [{"href": f"{up}{lang}/{path}", "text": w[key], "current": key == label_key,
              "lang": None}
             for key, path in (("nav_list", ""), ("nav_changes", "changes/"),
                               ("nav_about", "about/"), ("nav_data", "about/#data"))]
    links.append({"href": f"{up}{other(lang)}/{here}", "text": w["other_lang"],
                  "current": False, "lang": other(lang)})
    return {"label": w["nav"], "links": links}


def list_page(info: SiteInfo, lang: str) -> dict[str, Any]:
    """What the site adds to the list's own template (`templates.PAGE_DEFAULTS`)."""
    return {"noindex": info.noindex, "person_links": True,
            "coalition": (info.coalition or {}).get(lang),
            "nav": nav(info, lang, "../", "", "nav_list")}


def _event(e: Any, case: Any, lang: str) -> dict[str, Any]:
    w = SITE_WORDS[lang]
    details = []
    for key in _EVENT_DETAILS:
        value = getattr(e, key, None)
        if not value:
            continue
        if key == "articles":
            value = ", ".join(value)
        elif key == "term":
            value = sentence_label(value, lang)
        label = w["recognized_by" if key == "by" else key]
        details.append({"label": label, "value": _worded(key, value, w)})
    sources = [_source(case.sources[s], lang) for s in e.sources if s in case.sources]
    return {"date": str(e.date) if e.date else None, "by": e.date_is == "by",
            "type": w.get(f"event_{e.type}", e.type), "details": details, "sources": sources}


def _worded(key: str, value: Any, w: dict[str, str]) -> str:
    """An event's detail as the page's language says it: a release's `how` and a regime are
    codes in the file (`exchange`, `strict`), words on the page."""
    return w.get(f"{key}_{value}", str(value)) if key in ("how", "regime") else str(value)


def _source(s: Any, lang: str) -> dict[str, Any]:
    return {"title": s.title, "publisher": s.publisher, "date": str(s.date) if s.date else None,
            "url": safe_url(s.url), "quote": s.quote,
            "accessed": str(s.accessed) if s.accessed else None}


def person_context(case: Any, info: SiteInfo, lang: str,
                   actions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A person page's data; None for a person who may have no page (`redaction.public_case`)."""
    public = redaction.public_case(case)
    if public is None:
        return None
    w, lw = SITE_WORDS[lang], WORDS[lang]
    st = timeline.status(public, info.as_of)
    names = public.name.model_dump(exclude_none=True) if public.name else {"en": public.id}
    name = names.get(lang) or names["en"]
    days = (w["days_at_least"].format(n=number_label(st.days_in_custody, lang),
                                      date=_count_ends(st, info.as_of))
            if st.days_in_custody is not None else w["days_unknown"])
    crit = info.criteria
    met = [{"id": c.id, "text": crit.get("criteria", {}).get(c.id, {}).get(lang, c.id)}
           for c in public.assessment.criteria]
    signs = [{"id": s, "text": crit.get("signs", {}).get(s, {}).get(lang, s)}
             for s in public.assessment.signs]
    return {
        "id": public.id, "name": name,
        "names": [{"lang": k, "label": w[f"{k}_name"], "value": v}
                  for k, v in names.items() if k in NAME_SCRIPTS],
        "aliases": list(public.aliases), "born": str(public.born) if public.born else None,
        "region": region_label(public.region, lang), "status": lw[f"status_{st.state}"],
        "status_code": st.state, "days": days,
        "detained": str(st.detained) if st.detained else None,
        "sentence": sentence_label(st.sentence, lang), "summary": public.summary,
        "listed_since": (str(public.assessment.since)
                         if public.assessment.decision == "listed" and public.assessment.since
                         else None),
        "events": [_event(e, public, lang) for e in timeline.ordered(public.events)],
        "sources": [_source(s, lang) for s in public.sources.values()],
        "criteria": met, "signs": signs, "actions": actions,
    }


def _count_ends(st: timeline.Status, as_of: date) -> str:
    """The day days in custody are counted to: the site's day for a person held, the day the
    custody ended (release or death, `Status.changed`) for one who is not, whose count stopped
    there; the site's day would say it was counted on to the month's end."""
    return str(st.changed) if not st.in_custody and st.changed is not None else as_of.isoformat()


def as_published_now(log: ChangeLog, public: set[str], anonymous: set[str],
                     actions: list[redaction.ActionView] | None = None,
                     published: dict | None = None) -> ChangeLog:
    """A month's log as the site may show it today ("now" is the tip the site is built from): a
    person is named only while public now (`public`: ids and former ids of public cases). One
    anonymous now (`anonymous`, ids and former ids) becomes a withheld line, with what an
    anonymous person's line has (the category, the months of events; no listing date); any other
    (hidden now, or whose file is gone, which is how a public repository withholds someone:
    under a new id) has no line at all (fails closed), even one withheld already then. The counts are kept as given (app/site
    counts them again without those hidden or gone now: `_recounted`). The month's
    advocacy is `actions`, which the caller redacted against the cases as they are now
    (`redaction.action_view`), and the coalition's `published` count; a log's own actions,
    redacted at the month's end, are never carried."""
    out = ChangeLog(log.month, log.from_commit, log.to_commit, log.before, log.after, log.hidden,
                    actions=list(actions or ()), published=published)
    for category, entries in log.entries.items():
        for e in entries:
            if e.withheld and e.case_id is not None and not {e.case_id, e.former_id} & (
                    public | anonymous):
                continue  # withheld then, hidden or gone now: out of the counts too
            if e.withheld or e.id in public:
                out.entries[category].append(e)
            elif e.id in anonymous or e.former_id in anonymous:
                out.entries[category].append(LogEntry(
                    category, None,
                    date=None if category == "added" else redaction.month(e.date), flag=e.flag,
                    on_list=e.on_list, new=e.new,
                    reason_withheld=category == "delisted" and bool(e.reason or e.reason_withheld),
                    events=[{"type": ev["type"], **({"date": redaction.month(ev["date"])}
                                                    if "date" in ev else {})} for ev in e.events]))
        out.entries[category].sort(key=lambda e: (e.withheld, e.id or "", e.date or ""))
    return out


def _who(e: LogEntry, lang: str, pages: set[str]) -> dict[str, Any]:
    if e.withheld:
        return {"name": SITE_WORDS[lang]["withheld"], "href": None, "withheld": True}
    names = e.name or {}
    name = names.get(lang) or names.get("en") or e.id
    return {"name": name, "href": f"../../people/{e.id}/" if e.id in pages else None,
            "withheld": False}


def _log_entry(e: LogEntry, lang: str, pages: set[str]) -> dict[str, Any]:
    w = SITE_WORDS[lang]
    events = []
    for ev in e.events:
        details = [{"label": w["recognized_by" if k == "by" else k],
                    "value": ", ".join(ev[k]) if k == "articles" else _worded(k, ev[k], w)}
                   for k in _EVENT_DETAILS if k in ev]
        events.append({"type": w.get(f"event_{ev['type']}", ev["type"]),
                       "date": ev.get("date"), "by": ev.get("date_is") == "by",
                       "details": details})
    return {**_who(e, lang, pages), "date": e.date, "how": e.how and _worded("how", e.how, w),
            "reason": e.reason,
            "reason_withheld": e.reason_withheld, "detained": e.detained,
            "former_id": e.former_id, "events": events, "corrections": list(e.corrections)}


def changes_context(log: ChangeLog, lang: str, pages: set[str]) -> dict[str, Any]:
    """A month's change log as a page: the log's own entries, each a link where a page exists."""
    w = SITE_WORDS[lang]
    groups = [{"title": w[f"cat_{c}"], "category": c,
               "entries": [_log_entry(e, lang, pages) for e in log.entries[c]]}
              for c in CATEGORIES if log.entries[c]]
    hidden = (w["hidden_line"].format(n=redaction.hidden_total(log.hidden, lang))
              if log.hidden is not None else None)
    return {"month": log.month, "title": w["changes_title"].format(month=log.month),
            "count": w["count_line"].format(before=log.before, after=log.after),
            "hidden": hidden, "groups": groups,
            "advocacy": ADVOCACY_WORDS[lang]["title"] if log.actions else None,
            "actions": [action_line(a, lang) for a in log.actions]}


def about_context(info: SiteInfo, lang: str) -> dict[str, Any]:
    kinds = [{"title": SITE_WORDS[lang][f"{k}_title"],
              "items": [{"id": i, "text": t.get(lang) or t.get("en")}
                        for i, t in info.criteria.get(k, {}).items()]}
             for k in ("criteria", "signs", "exclusions")]
    orgs = [{"name": o["name"].get(lang) or o["name"]["en"], "short": o.get("short"),
             "country": o.get("country"), "website": safe_url(o.get("website")),
             "description": o.get("description")} for o in info.organizations]
    names = {o["id"]: o["name"].get(lang) or o["name"]["en"] for o in info.organizations}
    coalitions = [{"name": c["name"].get(lang) or c["name"]["en"],
                   "members": [names.get(m, m) for m in c["members"]]} for c in info.coalitions]
    return {"kinds": kinds, "organizations": orgs, "coalitions": coalitions}


class PageRenderer:
    """Renders the site's pages from templates/site/ (a dataset may override them file by file),
    each linking the one stylesheet (`stylesheet`: list.css and site/site.css) under a policy
    that allows nothing else."""

    def __init__(self, info: SiteInfo, template_dirs: list[Path] | None = None):
        import jinja2

        self.info = info
        self._env = html_environment(template_dirs)
        try:
            self._css = (self._env.get_template("list.css").render() + "\n"
                         + self._env.get_template("site/site.css").render())
        except jinja2.TemplateError as exc:
            raise KremlinlistError("template-failed",
                                   f"a template failed to render ({type(exc).__name__})") from None
        self._csp = ("default-src 'none'; style-src 'self'; script-src 'none'; "
                     "img-src 'none'; base-uri 'none'; form-action 'none'")
        self._templates: dict[str, Any] = {}

    @property
    def stylesheet(self) -> bytes:
        """site.css at the site's root: the stylesheet every page but the list links to."""
        return self._css.encode("utf-8")

    def render(self, name: str, lang: str, up: str, here: str, ctx: dict[str, Any],
               current: str | None = None) -> bytes:
        """Page `name` (under templates/site/) in `lang`; `up` leads to the site's root and
        `here` is the page's path under its language folder (for the other language's link)."""
        import jinja2

        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        try:
            template = self._templates.get(name)
            if template is None:
                template = self._templates[name] = self._env.get_template(f"site/{name}")
            return template.render(
                lang=lang, w=SITE_WORDS[lang], t=WORDS[lang], up=up,
                csp=self._csp, noindex=self.info.noindex,
                coalition=(self.info.coalition or {}).get(lang),
                nav=nav(self.info, lang, up, here, current), as_of=self.info.as_of.isoformat(),
                **ctx).encode("utf-8")
        except jinja2.TemplateNotFound as exc:
            raise KremlinlistError("template-not-found",
                                   f"template not found: {exc.name}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise KremlinlistError("template-syntax", f"template {exc.name or exc.filename}, "
                                   f"line {exc.lineno}: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise KremlinlistError("template-failed",
                                   f"a template failed to render ({type(exc).__name__})") from None


def redirect_page(target: str, lang: str) -> bytes:
    """A former id's page: a meta refresh to the person's page and a link for whoever has none
    (no script; the relative `target` keeps working wherever the site is hosted)."""
    from markupsafe import escape

    w = SITE_WORDS[lang]
    t = escape(target)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "base-uri 'none'; form-action 'none'\">\n"
            f'<meta http-equiv="refresh" content="0; url={t}">\n'
            f'<link rel="canonical" href="{t}">\n<title>{escape(w["moved"])}</title>\n'
            f'</head>\n<body>\n<p>{escape(w["moved"])} <a href="{t}">{escape(w["moved_link"])}'
            "</a></p>\n</body>\n</html>\n").encode("utf-8")


def index_page(noindex: bool = False) -> bytes:
    """The site's root: both languages, no script, no redirect that a reader could not see."""
    robots = '<meta name="robots" content="noindex">\n' if noindex else ""
    return ('<!DOCTYPE html>\n<html lang="uk">\n<head>\n<meta charset="utf-8">\n' + robots +
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "base-uri 'none'; form-action 'none'\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{WORDS['uk']['title']} / {WORDS['en']['title']}</title>\n</head>\n<body>\n"
            f'<main>\n<h1>{WORDS["uk"]["title"]}</h1>\n<p><a href="uk/">Українською</a></p>\n'
            f'<p lang="en"><a href="en/" hreflang="en">{WORDS["en"]["title"]}: in English</a>'
            "</p>\n</main>\n</body>\n</html>\n").encode("utf-8")
