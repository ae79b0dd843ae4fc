"""The published list: who is on it, privacy, escaping in every format, golden files, templates.

Golden files live in tests/golden/; regenerate them after an intended change with
`UPDATE_GOLDEN=1 python3 -m pytest -q tests/test_export.py` and review the diff.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from factory import (AS_OF, CANARY, SERIES, Dataset, fictional_models, hostile_list, shared,
                     the_list)
from markdown_it import MarkdownIt

from kremlinlist.app.export import export_list
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.publish import escape, labels, public_list, words, writers
from kremlinlist.model import regions
from kremlinlist.publish.public_list import PublicList, PublicPerson, SourceRef
from kremlinlist.model import timeline

GOLDEN = Path(__file__).resolve().parent / "golden"
HOSTILE = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "a | b || c",
    "**bold** _it_ `code` ~~gone~~", "[link](javascript:alert(1))", "![img](https://e.org/x.png)",
    "# heading", "> quote", "- item", "+ item", "1. first", "12) twelfth", "=SUM(A1)",
    "line one\nline two\r\nthree\u2028four", "&amp; &lt; &#60;", "<!-- comment -->",
    "back\\slash\\|", "https://evil.example/phish", "www.evil.example", "@someone #123",
    "$x^2$", ":smile:", "{{ 7*7 }}", "</script><script>alert(2)</script>", "</style>",
    "\u202etxt.exe", "O'Brien \"Quoted\"",
]


def blns() -> list[str]:
    """The hostile strings of ../shared (skips where absent, fails under CI=true)."""
    path = shared("corpora", "blns", "blns.json")
    return [s for s in json.loads(path.read_text(encoding="utf-8")) if s.strip()]


# --- who is on the list -----------------------------------------------------------------------------

def test_fixture_cases_are_valid_and_mostly_on_the_list():
    models = fictional_models()
    on = [c.id for c in models if timeline.on_list(c, AS_OF)]
    assert len(on) == 8
    assert {"savchuk-andrii", "tkachenko-iryna", "shevchuk-petro"}.isdisjoint(on)
    assert all(CANARY in c.id for c in models if c.publicity != "public")


def test_build_list_counts_its_rows_and_hidden_people_apart():
    pl = the_list()
    assert pl.count == 7 and pl.hidden == 1 and len(pl.people) == 7
    assert pl.hidden_total() == "fewer than 5"
    ids = [p.id for p in pl.people]
    assert ids[:6] == ["bondar-taras", "hrytsenko-mykola", "kovalchuk-olena", "lysenko-dmytro",
                       "moroz-serhii", "petrenko-ivan"]
    anon = pl.people[6]
    assert anon.anonymous and anon.id is None and anon.names is None
    assert (anon.region, anon.status, anon.detained, anon.days_in_custody, anon.sentence,
            anon.summary, anon.sources) == ("UA-14", "in-custody", None, None, None, None, ())
    petrenko = pl.people[5]
    assert petrenko.days_in_custody == (AS_OF - petrenko_detained()).days
    assert petrenko.sentence == "10y" and petrenko.detained == "2020-03-10"
    assert {p.status for p in pl.people} == {"in-custody", "disappeared"}


def petrenko_detained():
    from datetime import date

    return date(2020, 3, 10)


def test_the_list_as_of_an_earlier_date_follows_the_timelines():
    from datetime import date

    pl = public_list.build_list(fictional_models(), date(2021, 1, 1))
    ids = {p.id for p in pl.people}
    assert "savchuk-andrii" in ids  # released only in June 2021
    assert "kovalchuk-olena" not in ids  # detained in 2022


# --- privacy ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", writers.FORMATS)
@pytest.mark.parametrize("lang", regions.LANGS)
def test_canary_never_reaches_any_output(fmt, lang):
    out = writers.render_list(the_list(), fmt, lang=lang, series=SERIES)
    assert CANARY not in out.lower()
    if fmt == "json":
        assert '"anonymous": true' in out
    else:
        assert words.WITHHELD_NAME[lang if fmt in ("md", "html") else "en"] in html.unescape(out)
    assert "petrenko" in out.lower() or "Петренко" in out  # a real rendering, not an empty one


def test_anonymous_row_carries_only_region_and_status():
    data = json.loads(writers.render_list(the_list(), "json"))
    anon = [p for p in data["people"] if p["anonymous"]]
    assert len(anon) == 1
    assert {k for k, v in anon[0].items() if v not in (None, [], False)} == {
        "region", "status", "anonymous"}
    assert data["count"] == 7 and data["hidden"] == "fewer than 5" and len(data["people"]) == 7


# --- golden files ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,fmt,lang", [("list.md", "md", "en"), ("list.uk.md", "md", "uk"),
                                           ("list.csv", "csv", "en"), ("list.json", "json", "en")])
def test_golden(name, fmt, lang):
    out = writers.render_list(the_list(), fmt, lang=lang)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(out.encode("utf-8"))
    assert path.exists(), f"missing {path}; run with UPDATE_GOLDEN=1 to create it"
    assert out == path.read_bytes().decode("utf-8"), \
        f"{name} changed; if intended, regenerate with UPDATE_GOLDEN=1 and review the diff"


def test_json_shape():
    data = json.loads(writers.render_list(the_list(), "json"))
    assert data["as_of"] == "2024-06-30"
    person = data["people"][0]
    for key in ("id", "names", "region", "detained", "status", "days_in_custody", "sentence"):
        assert key in person
    assert person["names"] == {"en": "Taras Bondar", "uk": "Тарас Бондар"}


# --- Markdown ---------------------------------------------------------------------------------------

def _markdown():
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _cells(md_text: str) -> list[list[tuple[str, list[str]]]]:
    """Table body rows as cells of (text, token types)."""
    rows, row, in_body = [], None, False
    for tok in _markdown().parse(md_text):
        if tok.type in ("tbody_open", "tbody_close"):
            in_body = tok.type == "tbody_open"
        elif in_body and tok.type == "tr_open":
            row = []
        elif in_body and tok.type == "tr_close":
            rows.append(row)
        elif in_body and tok.type == "inline":
            row.append(("".join(c.content for c in tok.children),
                        sorted({c.type for c in tok.children})))
    return rows


def _one_line(s: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\r\n\u0085\u2028\u2029\x0b\x0c\t]+", " ", s)
                  .replace("\x00", "\ufffd")).strip()


def _check_markdown(strings: list[str]) -> None:
    out = writers.render_list(hostile_list(strings), "md")
    rows = _cells(out)
    assert len(rows) == len(strings)
    for s, row in zip(strings, rows):
        assert len(row) == 7, f"a row broke apart: {s!r}"
        text, types = row[1]
        assert types in ([], ["text"]), f"{s!r} became markup: {types}"
        assert _one_line(text) == _one_line(s), s
        assert row[2][1] in ([], ["text"]) and row[6][1] in ([], ["text"])


def test_markdown_escapes_hostile_names():
    _check_markdown(HOSTILE)


def test_markdown_escapes_blns():
    _check_markdown(blns())


@pytest.mark.parametrize("s", HOSTILE)
def test_md_escape_is_plain_text_outside_tables_too(s):
    tokens = _markdown().parse(escape.md_escape(s))
    assert [t.type for t in tokens] in ([], ["paragraph_open", "inline", "paragraph_close"]), s
    if tokens:
        assert {c.type for c in tokens[1].children} <= {"text"}
        assert _one_line(tokens[1].content and "".join(c.content for c in tokens[1].children)) \
            == _one_line(s)


def test_md_escape_blocks_mentions_autolinks_and_math():
    out = escape.md_escape("@someone #12 https://e.org www.e.org $x$ :smile:")
    assert "&#64;someone" in out and "&#35;12" in out and "https\\://" in out
    assert "@" not in out and "#" not in out.replace("&#64;", "").replace("&#35;", "")
    assert "www\\." in out and "\\$x\\$" in out and "\\:smile" in out
    assert escape.md_escape("fixes GH-1, gh-22; GHz-1") == "fixes GH&#45;1, gh&#45;22; GHz-1"


_MD_PARTS = " \t\n\x1c\x85\u2028#+=-.)12wW:@&_ab\u0660"


@given(st.text() | st.builds(lambda lead, rest: lead + rest,
                             st.sampled_from(["", " ", "\u2003", "1.", "12)", "\u0661.", "-", "+",
                                              "=", "#", "WwW.", "a:b"]),
                             st.text(alphabet=_MD_PARTS)))
def test_md_escape_returns_a_text_as_it_is_only_where_escaping_would_not_change_it(s):
    assert escape.md_escape(s) == escape._md_escaped(s)


# --- HTML -------------------------------------------------------------------------------------------

class Page(HTMLParser):
    """Tags, attributes, script bodies and text of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "div", "p", "span",
                "h1", "h2", "time", "main", "section", "svg", "line", "text", "rect", "details",
                "summary", "table", "thead", "tbody", "tr", "th", "td", "label", "input", "select",
                "option", "button", "ul", "li", "a", "footer", "script"}


def _check_html(strings: list[str]) -> None:
    html = writers.render_list(hostile_list(strings), "html", series=[(s, 3) for s in strings[:40]])
    page = Page(html)
    assert {t for t, _ in page.tags} <= ALLOWED_TAGS
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    for tag, attrs in page.tags:
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
        if tag == "a":
            assert attrs["href"] == "https://example.org/a"
    text = _newlines("".join(page.text))
    for s in strings:
        assert _newlines(s.strip()) in text or "\x00" in s, s


def _newlines(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\r", "\n")


def test_html_escapes_hostile_strings_in_every_field():
    _check_html(HOSTILE)


def test_html_escapes_blns():
    _check_html(blns())


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x",
                                 "vbscript:msgbox(1)", "//evil.example/x", "file:///etc/passwd",
                                 "https://e.org/a b", "java\nscript:alert(1)", "ftp://e.org/x"])
def test_html_links_only_http_urls(url):
    src = (SourceRef("Bad source title", None, None, url),
           SourceRef("Good source title", None, None, "https://example.org/good"))
    person = PublicPerson(id="p1", names={"en": "Test Person"}, region=None, detained=None,
                    status="in-custody", days_in_custody=None, sentence=None, sources=src)
    html = writers.render_list(PublicList(AS_OF, 1, [person]), "html")
    hrefs = [a.get("href") for t, a in Page(html).tags if t == "a"]
    assert hrefs == ["https://example.org/good"]
    assert "Bad source title" in html


def test_html_is_self_contained_with_a_strict_policy():
    html = writers.render_list(the_list(), "html", series=SERIES)
    page = Page(html)
    csp = [a["content"] for t, a in page.tags if t == "meta"
           and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "unsafe-inline" not in csp[0]
    for tag, attrs in page.tags:
        assert "src" not in attrs and "style" not in attrs and tag not in ("link", "img", "iframe")
    assert "url(" not in html and "@import" not in html
    assert sum(1 for t, _ in page.tags if t == "rect") == len(SERIES)
    assert html.count("<tr data-region") == 7


def test_html_chart_is_left_out_without_series():
    html = writers.render_list(the_list(), "html")
    assert "<svg" not in html


def test_html_in_ukrainian_falls_back_to_english_names():
    html = writers.render_list(the_list(), "html", lang="uk")
    assert '<html lang="uk">' in html and "Іван Петренко" in html
    assert "Dmytro Lysenko" in html  # no Ukrainian spelling recorded
    assert "Ім&#39;я не розголошується на прохання родини" in html
    assert "Пошук за ім&#39;ям" in html and "Днів під вартою" in html


# --- CSV --------------------------------------------------------------------------------------------

def test_csv_neutralizes_formulas_and_keeps_rows_whole():
    strings = ["=HYPERLINK(\"https://e.org\")", "+1+2", "-3", "@SUM(A1)", "\tTab", "\rCR",
               "multi\nline", "plain, with \"quotes\""]
    out = writers.render_list(hostile_list(strings), "csv")
    assert out.startswith("\ufeff")  # the byte order mark Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(out[1:], newline="")))
    assert rows[0] == list(writers.CSV_COLUMNS) and len(rows) == len(strings) + 1
    for s, row in zip(strings, rows[1:]):
        expected = "'" + s if s[0] in "=+-@\t\r" else s
        assert row[1] == expected and row[7] == expected


# --- templates ---------------------------------------------------------------------------------------

def test_dataset_templates_override_and_fall_back(tmp_path):
    (tmp_path / "list.md.j2").write_text("custom {{ count }} {% for r in rows %}{{ r.name }};"
                                         "{% endfor %}\n", encoding="utf-8")
    pl = hostile_list(["*star*"])
    assert writers.render_list(pl, "md", template_dirs=[tmp_path]) == "custom 1 \\*star\\*;\n"
    assert "<!DOCTYPE html>" in writers.render_list(pl, "html", template_dirs=[tmp_path])


def test_a_dataset_template_may_slice_index_and_repeat_the_rows(tmp_path):
    """`rows` is built lazily, but reads like the list it was: sliced, indexed, counted, walked
    twice."""
    (tmp_path / "list.md.j2").write_text(
        "{{ rows|length }} {{ rows[0].name }} {{ rows[-1].name }} "
        "{% for r in rows[:2] %}{{ r.name }};{% endfor %}{% for r in rows %}.{% endfor %}\n"
        "{% for r in rows %}{{ loop.index }}{{ r.name }}{% endfor %}", encoding="utf-8")
    pl = hostile_list(["a", "b", "c"])
    out = writers.render_list(pl, "md", template_dirs=[tmp_path])
    assert out == "3 a c a;b;...\n1a2b3c"


def test_a_dataset_template_cannot_escape_the_sandbox(tmp_path):
    (tmp_path / "list.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                                         encoding="utf-8")
    with pytest.raises(KremlinlistError) as refused:
        writers.render_list(the_list(), "md", template_dirs=[tmp_path])
    assert refused.value.code == "template-failed"


def test_a_broken_template_is_a_clear_error(tmp_path):
    (tmp_path / "list.md.j2").write_text("{% for %}", encoding="utf-8")
    with pytest.raises(KremlinlistError, match="list.md.j2, line 1") as refused:
        writers.render_list(the_list(), "md", template_dirs=[tmp_path])
    assert refused.value.code == "template-syntax"


def test_unknown_format_or_language_is_refused():
    for fmt, lang in (("pdf", "en"), ("md", "ru")):
        with pytest.raises(KremlinlistError) as refused:
            writers.render_list(the_list(), fmt, lang=lang)
        assert refused.value.code == "bad-choice" and refused.value.usage


def test_an_unknown_format_is_refused_before_the_dataset_is_read(tmp_path):
    """export_list("xlsx") read every case and walked the history, then refused; a case that
    does not load made it say list-incomplete instead of the format."""
    ds = Dataset(tmp_path / "d")
    ds.write("cases/broken-case.yaml", "id: [\n")
    for fmt, lang in (("xlsx", "en"), ("md", "ru")):
        with pytest.raises(KremlinlistError) as refused:
            export_list(ds.root, fmt, lang=lang, stream=io.BytesIO())
        assert refused.value.code == "bad-choice" and refused.value.usage


def test_sentence_words():
    assert labels.sentence_label("8y6m", "en") == "8 years 6 months"
    assert labels.sentence_label("1y", "en") == "1 year"
    assert labels.sentence_label("15d", "uk") == "15 дн."
    assert labels.sentence_label("life", "uk") == "довічне"
    assert labels.sentence_months("life") > labels.sentence_months("25y") > 0
