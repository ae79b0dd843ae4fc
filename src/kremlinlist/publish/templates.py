"""The public list as published: who is on it, and the list rendered as Markdown, HTML, CSV and JSON.

Privacy is applied once, in `build_list`, by `redaction.view`: a `PublicList` holds only what may be
published, so no
template (including a dataset's own override) can reach a `private` block, a hidden person or an
anonymous person's identity. Rendering then only has to escape: Markdown through a finalize hook on
every `{{ }}` output, HTML by autoescaping, CSV against spreadsheet formulas.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from collections.abc import Sequence
from typing import Any, BinaryIO, Iterable

from kremlinlist.model import redaction
from kremlinlist.model import timeline
from kremlinlist.model.case import Case
from kremlinlist.model.regions import LANGS, region_name
from kremlinlist.model.terms import LIFE, parse_term
from kremlinlist.base.gc import paused_gc
from kremlinlist.publish.escape import csv_cell, md_escape, safe_url
from kremlinlist.publish.words import WITHHELD_NAME, WORDS
from kremlinlist.base.errors import KremlinlistError

FORMATS = ("md", "html", "csv", "json")
# The default templates ship inside the package (kremlinlist/templates), so an installed wheel
# finds them; a dataset's own templates/ folder comes first and overrides them file by file.
TEMPLATE_PACKAGE = ("kremlinlist", "templates")


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "anonymous": self.anonymous, "names": self.names,
            "region": self.region, "detained": self.detained, "status": self.status,
            "days_in_custody": self.days_in_custody, "sentence": self.sentence,
            "summary": self.summary,
            "sources": [{"title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url}
                        for s in self.sources],
        }


@dataclass(frozen=True)
class PublicList:
    as_of: date
    count: int  # everyone on the list: public, anonymous and hidden
    people: list[PublicPerson] = field(default_factory=list)  # public and anonymous rows only
    hidden: int = 0  # counted, never shown

    def to_dict(self, people: bool = True) -> dict[str, Any]:
        head = {"as_of": self.as_of.isoformat(), "count": self.count, "hidden": self.hidden}
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
                  summary=v.summary, sources=tuple(SourceRef(*s) for s in v.sources))


def build_list(cases: Iterable[Case], as_of: date) -> PublicList:
    """The people `listed` and, by their timeline, held as of `as_of`, with publicity applied."""
    public: list[PublicPerson] = []
    anonymous: list[PublicPerson] = []
    count = hidden = 0
    for case in cases:
        if not timeline.on_list(case, as_of):
            continue
        count += 1
        v = redaction.view(case)
        if v is None:
            hidden += 1
        else:
            person = _person(v, timeline.status(case, as_of))
            (anonymous if v.anonymous else public).append(person)
    public.sort(key=lambda p: p.id)  # a public id is "surname-given-name": surname order
    anonymous.sort(key=lambda p: (p.region or "", p.status))
    return PublicList(as_of=as_of, count=count, people=public + anonymous, hidden=hidden)


# --- words ---------------------------------------------------------------------------------------


def _people_word(n: int, lang: str) -> str:
    w = WORDS[lang]
    if lang == "uk":
        if n % 10 == 1 and n % 100 != 11:
            return w["people_one"]
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return w["people_few"]
        return w["people_many"]
    return w["people_one"] if n == 1 else w["people_many"]


def sentence_label(term: str | None, lang: str) -> str | None:
    """`8y6m` as words: "8 years 6 months" or "8 р. 6 міс."."""
    if not term:
        return None
    w = WORDS[lang]
    parsed = parse_term(term)
    if parsed == LIFE:
        return w["life"]
    if parsed is None:
        return term
    parts = [f"{n} {w[unit][0] if n == 1 else w[unit][1]}" for n, unit in zip(parsed, "ymd") if n]
    return " ".join(parts) or term


def sentence_months(term: str | None) -> float | None:
    """A term as a sortable length; life sorts above any term."""
    parsed = parse_term(term)
    if parsed == LIFE:
        return 100000.0
    if parsed is None:
        return None
    y, mo, d = parsed
    return round(y * 12 + mo + d / 30, 2)


def number_label(n: int | None, lang: str) -> str | None:
    if n is None:
        return None
    return f"{n:,}".replace(",", "\u00a0" if lang == "uk" else ",")


def region_label(code: str | None, lang: str) -> str | None:
    if code is None:
        return None
    return region_name(code, lang) or code


# --- rendering -----------------------------------------------------------------------------------


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


def _nice_step(top: int) -> int:
    raw = max(top, 1) / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return max(1, int(m * mag))
    return int(10 * mag)


def chart(series: list[tuple[str, int]] | None, lang: str) -> dict[str, Any] | None:
    """Bar geometry of the list's size by month for an inline SVG; None without data."""
    if not series:
        return None
    width, height = 960, 240
    left, right, top, bottom = 64, 12, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max(int(v) for _, v in series)
    step = _nice_step(most)
    ymax = max(step, math.ceil(most / step) * step)
    n = len(series)
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.72)

    def y(v: int) -> float:
        return round(top + plot_h * (1 - v / ymax), 1)

    bars = [{"x": round(left + i * slot + (slot - bar_w) / 2, 1), "y": y(int(v)),
             "w": round(bar_w, 1), "h": round(top + plot_h - y(int(v)), 1),
             "month": str(month), "value": int(v), "label": number_label(int(v), lang)}
            for i, (month, v) in enumerate(series)]
    every = max(1, math.ceil(n / 8))
    xlabels = [{"x": round(left + i * slot + slot / 2, 1), "label": str(series[i][0]),
                "anchor": "middle"} for i in range(n) if (n - 1 - i) % every == 0]
    xlabels[-1].update(x=width - right, anchor="end")  # the newest month, never clipped
    yticks = [{"y": y(v), "label": number_label(v, lang)} for v in range(0, ymax + 1, step)]
    first, last = series[0], series[-1]
    summary = (f"{WORDS[lang]['chart']}: {first[0]} — {number_label(int(first[1]), lang)}, "
               f"{last[0]} — {number_label(int(last[1]), lang)}")
    return {"width": width, "height": height, "left": left, "right": width - right,
            "baseline": top + plot_h, "bars": bars, "xlabels": xlabels, "yticks": yticks,
            "last": bars[-1], "summary": summary}


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
        "people_word": _people_word(public_list.count, lang), "hidden": public_list.hidden,
        "hidden_note": w["hidden"].format(n=public_list.hidden) if public_list.hidden else None,
        "rows": _Rows(people, lang),
        "regions": [{"code": c, "label": region_label(c, lang)} for c in regions],
        "statuses": [{"code": s, "label": w[f"status_{s}"]} for s in statuses],
    }


def render_list(public_list: PublicList, fmt: str, *, lang: str = "en",
           template_dirs: list[Path] | None = None,
           series: list[tuple[str, int]] | None = None) -> str:
    """The list as md, html, csv or json, as one string (see `write` for a file)."""
    buffer = io.BytesIO()
    write_list(public_list, fmt, buffer, lang=lang, template_dirs=template_dirs, series=series)
    return buffer.getvalue().decode("utf-8")


def write_list(public_list: PublicList, fmt: str, out: BinaryIO, *, lang: str = "en",
          template_dirs: list[Path] | None = None,
          series: list[tuple[str, int]] | None = None) -> None:
    """Write the list as md, html, csv or json to `out` in UTF-8, a few hundred people at a time,
    so memory does not grow with the list; md and html come from templates a dataset may
    override, the chart goes into html only."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use en or uk")
    with paused_gc():
        if fmt == "json":
            for chunk in _json_chunks(public_list.to_dict(people=False), public_list.people):
                out.write(chunk.encode("utf-8"))
            out.write(b"\n")
        elif fmt == "csv":
            _csv(public_list, out)
        else:
            _write_template(fmt, public_list, out, lang, template_dirs, series)


CHUNK = 500  # people rendered at a time
_ROWS_MARK = "<kremlinlist-rows/>"  # no escaped value can hold it: escaping turns `<` into `&lt;`


def _write_template(fmt: str, public_list: PublicList, out: BinaryIO, lang: str,
                    template_dirs: list[Path] | None,
                    series: list[tuple[str, int]] | None) -> None:
    """The template renders with a mark where the rows go; the rows are then written in chunks
    at each mark, instead of as one string the size of the list."""
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
        for start in range(0, len(people), CHUNK):
            chunk = people[start:start + CHUNK]
            text = (_md_rows(chunk, lang, start + 1, labels) if fmt == "md"
                    else _html_rows([_row(p, lang) for p in chunk], lang))
            out.write(text.encode("utf-8"))
        out.write(tail.encode("utf-8"))


CSV_COLUMNS = ("id", "name_en", "name_uk", "region", "detained", "status", "days_in_custody",
               "sentence")


def _json_chunks(head: dict, people: list[PublicPerson]):
    """The list as JSON: `head`'s keys one per line, then the people, one per line (readable, a
    one-line diff per changed person between two releases, every line encoded by the json
    module's C encoder)."""
    line = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

    def safe(text: str) -> str:
        # U+2028/2029 are valid raw in JSON but break lines for line-oriented tools (and old JS).
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")

    parts = [f"  {line(k)}: {line(v)}" for k, v in head.items()]
    if not people:
        yield safe("{\n" + ",\n".join([*parts, '  "people": []']) + "\n}")
        return
    yield safe("{\n" + "".join(p + ",\n" for p in parts) + '  "people": [\n    ')
    for start in range(0, len(people), CHUNK):
        chunk = ",\n    ".join(line(p.to_dict()) for p in people[start:start + CHUNK])
        yield safe(chunk if start == 0 else ",\n    " + chunk)
    yield "\n  ]\n}"


def _csv(public_list: PublicList, out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180; makes csv quote a lone CR
        writer.writerow(CSV_COLUMNS)
        for p in public_list.people:
            names = p.names or {"en": WITHHELD_NAME["en"], "uk": WITHHELD_NAME["uk"]}
            writer.writerow([csv_cell(v) for v in (
                p.id, names.get("en"), names.get("uk"), p.region, p.detained, p.status,
                p.days_in_custody, p.sentence)])
    finally:
        text.detach()  # the stream stays open: it is the caller's
