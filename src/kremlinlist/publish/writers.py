"""The published list written out: json and csv here, md and html through the templates.

Every format is written a few hundred people at a time, so memory does not grow with the list.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import BinaryIO

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.gc import paused_gc
from kremlinlist.base.i18n import _
from kremlinlist.model.regions import LANGS
from kremlinlist.publish.escape import csv_cell
from kremlinlist.publish.public_list import PublicList, PublicPerson
from kremlinlist.publish.templates import write_template
from kremlinlist.publish.words import WITHHELD_NAME

FORMATS = ("md", "html", "csv", "json")
CHUNK = 500  # people (json) or template output pieces (md, html) written at a time


def render_list(public_list: PublicList, fmt: str, *, lang: str = "en",
           template_dirs: list[Path] | None = None,
           series: list[tuple[str, int]] | None = None) -> str:
    """The list as md, html, csv or json, as one string (see `write_list` for a file)."""
    buffer = io.BytesIO()
    write_list(public_list, fmt, buffer, lang=lang, template_dirs=template_dirs, series=series)
    return buffer.getvalue().decode("utf-8")


def check_choices(fmt: str, lang: str) -> None:
    """Refuse a format or language no writer has (bad-choice), before a caller reads the
    dataset and walks its history for nothing."""
    if fmt not in FORMATS:
        raise KremlinlistError("bad-choice", _("unknown format; use one of {choices}").format(
            choices=", ".join(FORMATS)), usage=True)
    if lang not in LANGS:
        raise KremlinlistError("bad-choice", _("unknown language; use one of {choices}").format(
            choices=", ".join(LANGS)), usage=True)


def write_list(public_list: PublicList, fmt: str, out: BinaryIO, *, lang: str = "en",
          template_dirs: list[Path] | None = None,
          series: list[tuple[str, int]] | None = None, page: dict | None = None) -> None:
    """Write the list as md, html, csv or json to `out` in UTF-8, a few hundred people at a time,
    so memory does not grow with the list; md and html come from templates a dataset may
    override, the chart goes into html only; `page` adds the site's links and the dataset's
    settings (`templates.PAGE_DEFAULTS`) to the html and md templates."""
    check_choices(fmt, lang)
    with paused_gc():
        if fmt == "json":
            for chunk in _json_chunks(public_list.to_dict(people=False), public_list.people):
                out.write(chunk.encode("utf-8"))
            out.write(b"\n")
        elif fmt == "csv":
            _csv(public_list, out)
        else:
            write_template(fmt, public_list, out, lang, template_dirs, series, CHUNK, page)


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
    """UTF-8 with a byte order mark, as the site's list.csv: without one Excel reads the
    Ukrainian names in a legacy code page."""
    out.write(b"\xef\xbb\xbf")
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
