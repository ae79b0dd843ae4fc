"""The list's md and html pages: the jinja2 templates (a dataset may override them file by file)
and the data of the rows they render, the row markup included.

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

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.publish.chart import chart
from kremlinlist.publish.escape import md_escape, safe_url
from kremlinlist.publish.labels import (number_label, people_word, region_label, sentence_label,
                                        sentence_months)
from kremlinlist.publish.public_list import PublicList, PublicPerson
from kremlinlist.publish.words import ACTION_TYPE_WORDS, ADVOCACY_WORDS, WITHHELD_NAME, WORDS

# The default templates ship inside the package (kremlinlist/templates), so an installed wheel
# finds them; a dataset's own templates/ folder comes first and overrides them file by file.
TEMPLATE_PACKAGE = ("kremlinlist", "templates")


def _row(p: PublicPerson, lang: str, labels: dict | None = None) -> dict[str, Any]:
    """The data of one row, unescaped (the template's escaping does that): an anonymous person
    has no other name, search text, summary or sources. `labels`: the words of a sentence and
    of a region, which a few values repeat over thousands of rows, kept by `_Rows` while it
    renders one page."""
    w = WORDS[lang]
    labels = {} if labels is None else labels
    sentence = labels.get(("sentence", p.sentence))
    if sentence is None:
        sentence = labels[("sentence", p.sentence)] = (sentence_label(p.sentence, lang),
                                                       sentence_months(p.sentence))
    region = labels.get(("region", p.region))
    if region is None:
        region = labels[("region", p.region)] = (region_label(p.region, lang),)
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
        search = " ".join(n for n in (p.names.get("en"), p.names.get("uk"), *p.aliases) if n)
        sources = [{"title": s.title, "publisher": s.publisher, "date": s.date,
                    "url": safe_url(s.url)} for s in p.sources]
    return {
        "anonymous": p.anonymous, "id": p.id, "name": name, "other_name": other,
        "search": search, "region_code": p.region, "region": region[0],
        "detained": p.detained, "status": p.status, "status_label": w[f"status_{p.status}"],
        "days": p.days_in_custody, "days_label": number_label(p.days_in_custody, lang),
        "sentence": p.sentence, "sentence_label": sentence[0], "sentence_sort": sentence[1],
        "summary": None if p.anonymous else p.summary, "sources": sources,
        "actions": [] if p.anonymous else [_action(a, lang) for a in p.actions],
    }


def _action(a: Any, lang: str) -> dict[str, Any]:
    """One of a person's actions as a row shows it (an `ActionView`: already redacted)."""
    title = (a.title or {}).get(lang) or (a.title or {}).get("en")
    return {"date": a.date or ADVOCACY_WORDS[lang]["undated"],
            "type": ACTION_TYPE_WORDS[lang].get(a.type, a.type), "title": title,
            "withheld": bool(a.withheld_people)}


def _published(public_list: PublicList, lang: str) -> str | None:
    """The coalition's own published figure with its source, never one computed here."""
    p = public_list.published
    if not p:
        return None
    w = ADVOCACY_WORDS[lang]
    figure = w[p["qualifier"]].format(n=p["count"])
    when = w["as_of"].format(date=p["as_of"]) if p.get("as_of") else w["no_date"]
    return w["published"].format(figure=figure, source=f"{p['source']}, {when}")



def _environment(fmt: str, template_dirs: list[Path] | None):
    """One environment per format and per state of the dataset's template folders, kept for
    the process: a release or a site renders the same templates many times, and a new
    environment compiles each of them again. The key lists every file of those folders with a
    hash of its bytes, so a template added, changed or removed there gives a new environment."""
    dirs = tuple(str(d) for d in (template_dirs or []) if Path(d).is_dir())
    key = (fmt, TEMPLATE_PACKAGE, dirs, tuple(_folder_state(d) for d in dirs))
    env = _ENVIRONMENTS.get(key)
    if env is None:
        if len(_ENVIRONMENTS) >= 16:
            _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[key] = _new_environment(fmt, list(dirs))
    return env


_ENVIRONMENTS: dict[tuple, Any] = {}


def _folder_state(folder: str) -> tuple:
    """Every file of a template folder with the hash of its bytes. A link in it is refused: a
    merged pull request's `list.md.j2 -> /etc/hostname` would put a file of the machine that
    builds the release into it."""
    found = []
    for path in [Path(folder), *sorted(Path(folder).rglob("*"))]:
        if path.is_symlink():
            raise KremlinlistError("template-link", _(
                "{path} is a link; a template is a file of the dataset, never a link to one "
                "elsewhere (it could publish a file of this machine): put the file itself "
                "there").format(path=path))
        try:
            if path.is_file():
                found.append((str(path), hashlib.sha256(path.read_bytes()).digest()))
        except OSError:
            continue
    return tuple(found)


def _new_environment(fmt: str, dirs: list[str]):
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from markupsafe import Markup

    try:
        packaged = jinja2.PackageLoader(*TEMPLATE_PACKAGE)
    except ValueError:  # an installation built without its package data
        raise KremlinlistError("templates-missing", _("the default templates are missing from "
                                                      "this installation of kremlinlist; "
                                                      "reinstall it")) from None
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(dirs), packaged])
    if fmt == "md":
        memo: dict[tuple[type, Any], str] = {}  # the few labels repeat on every row

        def finalize(value: Any) -> Any:
            if isinstance(value, Markup):
                return value
            key = (type(value), value)
            try:
                return memo[key]
            except KeyError:
                if len(memo) > 4096:
                    memo.clear()
                out = memo[key] = md_escape(value)
                return out
            except TypeError:  # an unhashable value
                return md_escape(value)

        return ImmutableSandboxedEnvironment(loader=loader, autoescape=False, finalize=finalize,
                                             undefined=jinja2.StrictUndefined,
                                             keep_trailing_newline=True)
    return ImmutableSandboxedEnvironment(
        loader=loader, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        autoescape=lambda name: bool(name) and name.endswith((".html", ".html.j2", ".svg.j2")),
        finalize=lambda value: "" if value is None else value)


def html_environment(template_dirs: list[Path] | None):
    """The autoescaping environment of the html pages, for the site's pages too."""
    return _environment("html", template_dirs)


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


class _Rows(Sequence):
    """`rows` for a template: built one at a time when a template walks them, so a list of 50,000
    people is never held as row dicts all at once."""

    def __init__(self, people: list[PublicPerson], lang: str):
        self._people, self._lang = people, lang
        self._labels: dict = {}  # `_row`'s: a few sentences' and regions' words

    def __len__(self) -> int:
        return len(self._people)

    def __iter__(self):
        return (_row(p, self._lang, self._labels) for p in self._people)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [_row(p, self._lang, self._labels) for p in self._people[i]]
        return _row(self._people[i], self._lang, self._labels)


# What a page may add to the list's context: the site's links and the dataset's settings.
PAGE_DEFAULTS: dict[str, Any] = {"noindex": False, "coalition": None, "person_links": False,
                                 "nav": None}


def page_settings(config: Any, lang: str) -> dict[str, Any]:
    """What kremlinlist.yaml says about the published pages: `noindex` only when it asks, and
    the coalition's name in the page's language."""
    name = config.coalition
    return {"noindex": config.noindex,
            "coalition": (getattr(name, lang, None) or name.en) if name else None}


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
        "rows": _Rows(people, lang), "published": _published(public_list, lang),
        "regions": [{"code": c, "label": region_label(c, lang)} for c in regions],
        "statuses": [{"code": s, "label": w[f"status_{s}"]} for s in statuses],
    }


CHUNK_CHARS = 65536  # characters of a page written at a time (a row, one piece, may pass it)


def write_template(fmt: str, public_list: PublicList, out: BinaryIO, lang: str,
                   template_dirs: list[Path] | None,
                   series: list[tuple[str, int]] | None, chunk: int,
                   page: dict[str, Any] | None = None) -> None:
    """The page is streamed: the template walks the lazy `rows` itself (so a dataset's template
    decides how a row looks), and its output is written `chunk` pieces at a time, or sooner
    once they hold `CHUNK_CHARS` (a piece may be a whole row), never held whole."""
    import jinja2

    env = _environment(fmt, template_dirs)
    ctx = {**PAGE_DEFAULTS, **(page or {}), **_context(public_list, lang)}
    try:
        if fmt == "html":
            css = env.get_template("list.css").render()
            js = env.get_template("list.js").render()
            ctx.update(css=css, js=js, chart=chart(series, lang),
                       csp=f"default-src 'none'; style-src {_csp_hash(css)}; "
                           f"script-src {_csp_hash(js)}; img-src 'none'; base-uri 'none'; "
                           "form-action 'none'")
        batch: list[str] = []
        size = 0
        for piece in env.get_template(f"list.{fmt}.j2").generate(ctx):
            batch.append(piece)
            size += len(piece)
            if len(batch) >= chunk or size >= CHUNK_CHARS:
                out.write("".join(batch).encode("utf-8"))
                batch, size = [], 0
        if batch:
            out.write("".join(batch).encode("utf-8"))
    except jinja2.TemplateNotFound as exc:
        raise KremlinlistError("template-not-found", _("template not found: {name}").format(
            name=exc.name)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise KremlinlistError("template-syntax", _("template {name}, line {line}: {problem}")
                               .format(name=exc.name or exc.filename, line=exc.lineno,
                                       problem=exc.message)) from None
    except jinja2.TemplateError as exc:
        raise KremlinlistError("template-failed",
                               _("a template failed to render ({error})").format(
                                   error=type(exc).__name__)) from None
