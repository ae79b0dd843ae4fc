"""The list's md and html pages: the jinja2 templates (a dataset may override them file by file)
and the rows they hold.

Rendering only has to escape, since a `PublicList` holds only what may be published: Markdown
through a finalize hook on every `{{ }}` output, HTML by autoescaping. jinja2 is imported inside
the functions that need it: it is heavy, and most commands never render a page.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.publish.chart import chart
from kremlinlist.publish.escape import md_escape, safe_url
from kremlinlist.publish.labels import (number_label, people_word, region_label, sentence_label,
                                        sentence_months)
from kremlinlist.publish.public_list import PublicList, PublicPerson
from kremlinlist.publish.words import WITHHELD_NAME, WORDS

# The default templates ship inside the package (kremlinlist/templates), so an installed wheel
# finds them; a dataset's own templates/ folder comes first and overrides them file by file.
TEMPLATE_PACKAGE = ("kremlinlist", "templates")


def _row(p: PublicPerson, lang: str) -> dict[str, Any]:
    w = WORDS[lang]
    if p.anonymous:
        name = WITHHELD_NAME[lang]
        other = search = None
        sources: list[dict[str, Any]] = []
    else:
        assert p.names is not None
        name = p.names.get(lang) or p.names["en"]
        other_lang = "en" if lang == "uk" else "uk"
        other = p.names.get(other_lang)
        other = other if other and other != name else None
        search = " ".join(n for n in (p.names.get("en"), p.names.get("uk")) if n)
        sources = [{"title": s.title, "publisher": s.publisher, "date": s.date,
                    "url": safe_url(s.url)} for s in p.sources]
    return {
        "anonymous": p.anonymous, "id": p.id, "name": name, "other_name": other,
        "search": search, "region_code": p.region, "region": region_label(p.region, lang),
        "detained": p.detained, "status": p.status, "status_label": w[f"status_{p.status}"],
        "days": p.days_in_custody, "days_label": number_label(p.days_in_custody, lang),
        "sentence": p.sentence, "sentence_label": sentence_label(p.sentence, lang),
        "sentence_sort": sentence_months(p.sentence),
        "summary": None if p.anonymous else p.summary, "sources": sources,
    }



def _environment(fmt: str, template_dirs: list[Path] | None):
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from markupsafe import Markup

    dirs = [str(d) for d in (template_dirs or []) if Path(d).is_dir()]
    try:
        packaged = jinja2.PackageLoader(*TEMPLATE_PACKAGE)
    except ValueError:  # an installation built without its package data
        raise KremlinlistError("templates-missing", "the default templates are missing from this "
                               "installation of kremlinlist; reinstall it") from None
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(dirs), packaged])
    if fmt == "md":
        def finalize(value: Any) -> Any:
            return value if isinstance(value, Markup) else md_escape(value)

        return ImmutableSandboxedEnvironment(loader=loader, autoescape=False, finalize=finalize,
                                             undefined=jinja2.StrictUndefined,
                                             keep_trailing_newline=True)
    return ImmutableSandboxedEnvironment(
        loader=loader, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        autoescape=lambda name: bool(name) and name.endswith((".html", ".html.j2", ".svg.j2")),
        finalize=lambda value: "" if value is None else value)


def html_text(value: Any) -> str:
    """What autoescaping writes for `{{ value }}` (None: nothing): markupsafe's `escape`, whose
    five replacements are done here on plain strings without building a Markup object each."""
    if value is None:
        return ""
    if type(value) is not str:
        from markupsafe import escape

        return str(escape(value))
    return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


def _md_rows(people: list[PublicPerson], lang: str, first: int = 1,
             labels: dict[Any, str] | None = None) -> str:
    """The table rows of list.md.j2 (numbered from `first`), built here from the people (a row
    dict has much the table does not show); every value through `md_escape`, as the template's
    finalize hook would. `labels` keeps the escaped regions, statuses and sentences across
    chunks (a handful of values); names and dates are escaped per chunk."""
    w = WORDS[lang]
    memo: dict[Any, str] = {}
    labels = {} if labels is None else labels

    def e(value: Any) -> str:
        out = memo.get(value)
        if out is None:
            out = memo[value] = md_escape(value)
        return out

    def label(kind: str, value: Any) -> str:
        key = (kind, value)
        out = labels.get(key)
        if out is None:
            text = (region_label(value, lang) if kind == "region" else
                    sentence_label(value, lang) if kind == "sentence" else w[f"status_{value}"])
            out = labels[key] = md_escape(text) if text else unknown
        return out

    unknown = e(w["unknown"])
    withheld = f"_{e(WITHHELD_NAME[lang])}_"
    out = []
    for i, p in enumerate(people, first):
        if p.anonymous or p.names is None:
            name = withheld
        else:
            name = e(p.names.get(lang) or p.names["en"])
        days = number_label(p.days_in_custody, lang)
        out.append(f"| {i} | {name} | {label('region', p.region)} | "
                   f"{e(p.detained) if p.detained else unknown} | {label('status', p.status)} | "
                   f"{e(days) if days else unknown} | {label('sentence', p.sentence)} |\n")
    return "".join(out)


def _escaped_all(values: list[Any]) -> list[str]:
    """`html_text` of every value, in one pass over one joined string (the per-call cost, not
    the replacing, dominates at 200,000 values); per value if a value holds the separator."""
    texts = ["" if v is None else v if type(v) is str else str(v) for v in values]
    joined = _SEP.join(texts)
    if joined.count(_SEP) != len(texts) - 1 or any(type(v) not in _PLAIN for v in values):
        return [html_text(v) for v in values]
    return html_text(joined).split(_SEP) if texts else []


_SEP = "\x1f"
_PLAIN = (str, int, float, type(None))


def _html_rows(rows: list[dict[str, Any]], lang: str) -> str:
    """The table body of list.html.j2, built here (one join instead of ~35 template lookups a row,
    the slow part at thousands of rows). Every value is escaped as autoescaping does
    (`html_text`); the result is wrapped as Markup by the caller."""
    w = WORDS[lang]
    other_lang = "en" if lang == "uk" else "uk"
    name_l, region_l, detained_l, status_l, days_l, sentence_l, unknown, details = (
        html_text(w[k]) for k in ("name", "region", "detained", "status", "days", "sentence",
                                  "unknown", "details"))
    values: list[Any] = []
    for r in rows:
        values += (r["region_code"], r["status"], r["search"], r["name"], r["other_name"],
                   r["summary"], r["region"], r["detained"], r["status_label"], r["days"],
                   r["days_label"], r["sentence_sort"], r["sentence_label"])
        for src in r["sources"]:
            values += (src["title"], src["url"], src["publisher"], src["date"])
    esc = iter(_escaped_all(values))
    out: list[str] = []
    add = out.append
    anon_attr = ' class="anon"'
    for r in rows:
        (region_code, status, search, name, other_name, summary, region, detained,
         status_label, days, days_label, sort, sentence_label) = (next(esc) for _ in range(13))
        anon = r["anonymous"]
        add(f'\n        <tr data-region="{region_code}" data-status="{status}" '
            f'data-search="{search}"{anon_attr if anon else ""}>'
            f'\n          <th scope="row" data-label="{name_l}" '
            f'data-sort="{"" if anon else name}">')
        sources = [(next(esc), next(esc), next(esc), next(esc)) for _ in r["sources"]]
        if anon:
            add(f'<span class="withheld">{name}</span>')
        else:
            add(f'<span class="name">{name}</span>')
            if r["other_name"]:
                add(f' <span class="other-name" lang="{other_lang}">{other_name}</span>')
            if r["summary"] or r["sources"]:
                add(f'\n            <details class="more"><summary>{details}</summary>')
                if r["summary"]:
                    add(f'<p>{summary}</p>')
                if sources:
                    add('\n              <ul class="sources">')
                    for src, (title, url, publisher, day) in zip(r["sources"], sources):
                        if src["url"]:
                            title = (f'<a href="{url}" rel="noopener noreferrer nofollow" '
                                     f'target="_blank">{title}</a>')
                        add(f'\n                <li>{title}'
                            f'{", " + publisher if src["publisher"] else ""}'
                            f'{", " + day if src["date"] else ""}</li>')
                    add('\n              </ul>')
                add('\n            </details>')
        add(f'</th>'
            f'\n          <td data-label="{region_l}" data-sort="{region}">'
            f'{region if r["region"] else unknown}</td>'
            f'\n          <td data-label="{detained_l}" class="date" data-sort="{detained}">'
            f'{detained if r["detained"] else unknown}</td>'
            f'\n          <td data-label="{status_l}" data-sort="{status_label}">'
            f'<span class="status status-{status}">{status_label}</span></td>'
            f'\n          <td data-label="{days_l}" data-sort="{days}" '
            f'class="num">{days_label if r["days_label"] else unknown}</td>'
            f'\n          <td data-label="{sentence_l}" data-sort="{sort}">'
            f'{sentence_label if r["sentence_label"] else unknown}</td>'
            f'\n        </tr>')
    return "".join(out)


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


class _Rows(Sequence):
    """`rows` for a template: built one at a time when a template walks them, so a list of 50,000
    people is never held as row dicts all at once."""

    def __init__(self, people: list[PublicPerson], lang: str):
        self._people, self._lang = people, lang

    def __len__(self) -> int:
        return len(self._people)

    def __iter__(self):
        return (_row(p, self._lang) for p in self._people)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [_row(p, self._lang) for p in self._people[i]]
        return _row(self._people[i], self._lang)


def _context(public_list: PublicList, lang: str) -> dict[str, Any]:
    w = WORDS[lang]
    people = public_list.people
    regions = sorted({p.region for p in people if p.region},
                     key=lambda c: (region_label(c, lang) or c).casefold())
    statuses = sorted({p.status for p in people}, key=lambda s: (s != "in-custody", s))
    return {
        "lang": lang, "t": w, "as_of": public_list.as_of.isoformat(),
        "count": public_list.count, "count_label": number_label(public_list.count, lang),
        "people_word": people_word(public_list.count, lang),
        "hidden": public_list.hidden_total(lang),
        "hidden_note": w["hidden"].format(n=public_list.hidden_total(lang)),
        "rows": _Rows(people, lang),
        "regions": [{"code": c, "label": region_label(c, lang)} for c in regions],
        "statuses": [{"code": s, "label": w[f"status_{s}"]} for s in statuses],
    }



_ROWS_MARK = "<kremlinlist-rows/>"  # no escaped value can hold it: escaping turns `<` into `&lt;`



def write_template(fmt: str, public_list: PublicList, out: BinaryIO, lang: str,
                   template_dirs: list[Path] | None,
                   series: list[tuple[str, int]] | None, chunk: int) -> None:
    """The template renders with a mark where the rows go; the rows are then written `chunk`
    people at a time at each mark, instead of as one string the size of the list."""
    import jinja2
    from markupsafe import Markup

    env = _environment(fmt, template_dirs)
    ctx = _context(public_list, lang)
    try:
        ctx[f"rows_{fmt}"] = Markup(_ROWS_MARK)
        if fmt == "html":
            css = env.get_template("list.css").render()
            js = env.get_template("list.js").render()
            ctx.update(css=css, js=js, chart=chart(series, lang),
                       csp=f"default-src 'none'; style-src {_csp_hash(css)}; "
                           f"script-src {_csp_hash(js)}; img-src 'none'; base-uri 'none'; "
                           "form-action 'none'")
        page = env.get_template(f"list.{fmt}.j2").render(ctx)
    except jinja2.TemplateNotFound as exc:
        raise KremlinlistError("template-not-found", f"template not found: {exc.name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise KremlinlistError("template-syntax", f"template {exc.name or exc.filename}, line "
                               f"{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise KremlinlistError("template-failed",
                               f"a template failed to render ({type(exc).__name__})") from None
    head, *rest = page.split(_ROWS_MARK)
    out.write(head.encode("utf-8"))
    people = public_list.people
    for tail in rest:
        labels: dict[Any, str] = {}
        for start in range(0, len(people), chunk):
            part = people[start:start + chunk]
            text = (_md_rows(part, lang, start + 1, labels) if fmt == "md"
                    else _html_rows([_row(p, lang) for p in part], lang))
            out.write(text.encode("utf-8"))
        out.write(tail.encode("utf-8"))
