"""The site's open data: list.csv for spreadsheets, the per-person counter files, and the JSON
Schemas and the Frictionless Data Package that describe every file under data/.

The files are made from a `PublicList` (so from `redaction.view`) and from change logs, never
from a case: nothing here can reach a withheld person. Every field is documented in docs/data.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, BinaryIO

from kremlinlist.publish.escape import csv_cell
from kremlinlist.publish.labels import region_label
from kremlinlist.publish.public_list import PublicList, PublicPerson
from kremlinlist.publish.words import WITHHELD_NAME, WORDS

# The version of the format of the files under data/ and counter/: a change that could break a
# reader's script raises the major number (docs/data.md says what each version holds).
FORMAT_VERSION = "1.0.0"
CSV_COLUMNS = ("id", "name_en", "name_uk", "aliases", "region", "region_en", "region_uk",
               "detained", "status", "status_en", "status_uk", "days_in_custody", "sentence",
               "page_en", "page_uk")
_TEXT = {"type": "string"}


def _row(p: PublicPerson) -> list[Any]:
    names = p.names or {"en": WITHHELD_NAME["en"], "uk": WITHHELD_NAME["uk"]}
    page = (lambda lang: f"{lang}/people/{p.id}/") if not p.anonymous and p.id else (lambda _: "")
    return [p.id, names.get("en"), names.get("uk"), "; ".join(p.aliases), p.region,
            region_label(p.region, "en"), region_label(p.region, "uk"), p.detained, p.status,
            WORDS["en"][f"status_{p.status}"], WORDS["uk"][f"status_{p.status}"],
            p.days_in_custody, p.sentence, page("en"), page("uk")]


def write_csv(public: PublicList, out: BinaryIO) -> None:
    """The list for spreadsheets into `out`, row by row (never held whole): UTF-8 with a byte
    order mark (without one Excel reads UTF-8 as a legacy code page), RFC 4180 line ends, every
    date as the text the dataset holds."""
    out.write(b"\xef\xbb\xbf")
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for p in public.people:
            writer.writerow([csv_cell(v) for v in _row(p)])
        text.flush()
    finally:
        text.detach()  # `out` stays open: its owner closes it


def counter(p: PublicPerson, as_of: date) -> dict[str, Any] | None:
    """A person's counter file: what a reader's browser needs to count the days in custody up to
    its own today. None unless the detention date is public and the count is known."""
    if p.anonymous or p.id is None or p.detained is None or p.days_in_custody is None:
        return None
    return {"format_version": FORMAT_VERSION, "id": p.id, "names": p.names,
            "status": p.status, "in_custody": p.status in ("in-custody", "disappeared"),
            "detained": p.detained, "as_of": as_of.isoformat(),
            "days_in_custody": p.days_in_custody}


COUNTER_SNIPPET = ('<span class="kremlinlist-counter" data-src="{base}counter/{id}.json">'
                   "</span>\n<script src=\"{base}embed/counter.js\" defer></script>")


def _schema(name: str, title: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://kremlinlist.example/schemas/{name}.v{FORMAT_VERSION}.json",
            "title": title, "version": FORMAT_VERSION, **body}


_DATE = {"type": ["string", "null"],
         "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
_NAMES = {"type": ["object", "null"], "properties": {k: {"type": ["string", "null"]}
                                                      for k in ("en", "uk")},
          "required": ["en"]}
_PERSON = {
    "type": "object",
    "required": ["id", "anonymous", "names", "region", "detained", "status", "days_in_custody",
                 "sentence", "summary", "sources"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": ["string", "null"]}, "anonymous": {"type": "boolean"}, "names": _NAMES,
        "region": {"type": ["string", "null"]}, "detained": _DATE,
        "status": {"enum": ["in-custody", "disappeared", "released", "died", "unknown"]},
        "days_in_custody": {"type": ["integer", "null"], "minimum": 0},
        "sentence": {"type": ["string", "null"]}, "summary": {"type": ["string", "null"]},
        "sources": {"type": "array", "items": {
            "type": "object", "required": ["title"], "additionalProperties": False,
            "properties": {"title": _TEXT, "publisher": {"type": ["string", "null"]},
                           "date": _DATE, "url": {"type": ["string", "null"]}}}},
        "actions": {"type": "array", "items": {  # redaction.ActionView.to_dict
            "type": "object", "required": ["id", "type", "date", "by", "for", "sources"]}},
    },
}
_ENTRY = {"type": "object", "required": ["id"], "properties": {
    "id": {"type": ["string", "null"]}, "withheld": {"const": True}, "name": _NAMES,
    "date": _DATE, "how": _TEXT, "reason": _TEXT, "reason_withheld": {"const": True},
    "detained": _DATE, "former_id": _TEXT, "flag": _TEXT,
    "events": {"type": "array", "items": {"type": "object", "required": ["type"]}},
    "corrections": {"type": "array", "items": _TEXT},
    "on_list": {"type": "boolean"}, "new": {"type": "boolean"}}}
_CATEGORIES = ("added", "released", "died", "delisted", "removed", "updated")

SCHEMAS: dict[str, dict[str, Any]] = {
    "list": _schema("list", "The list as of a day", {
        "type": "object", "required": ["as_of", "count", "hidden", "people"],
        "properties": {"as_of": {"type": "string", "format": "date"},
                       "count": {"type": "integer", "minimum": 0},
                       "hidden": _TEXT, "people": {"type": "array", "items": _PERSON},
                       "published": {"type": "object"}}}),
    "changes": _schema("changes", "A month's changes to the list", {
        "type": "object", "required": ["month", "from", "to", "count", *_CATEGORIES],
        "properties": {"month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                       "from": {"type": ["string", "null"]}, "to": {"type": ["string", "null"]},
                       "count": {"type": "object"}, "hidden": _TEXT,
                       **{c: {"type": "array", "items": _ENTRY} for c in _CATEGORIES}}}),
    "counter": _schema("counter", "A person's days in custody, for an embedded counter", {
        "type": "object", "additionalProperties": False,
        "required": ["format_version", "id", "names", "status", "in_custody", "detained",
                     "as_of", "days_in_custody"],
        "properties": {"format_version": {"const": FORMAT_VERSION}, "id": _TEXT, "names": _NAMES,
                       "status": _TEXT, "in_custody": {"type": "boolean"}, "detained": _DATE,
                       "as_of": {"type": "string", "format": "date"},
                       "days_in_custody": {"type": "integer", "minimum": 0}}}),
}


def _field(name: str, kind: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "description": description, **extra}


CSV_FIELDS = [
    _field("id", "string", "The person's stable id; empty for a person whose name is withheld."),
    _field("name_en", "string", "The name in Latin script (or the withheld-name note)."),
    _field("name_uk", "string", "The name in Ukrainian (or the withheld-name note)."),
    _field("aliases", "string", "Other spellings of the name, separated by `; `."),
    _field("region", "string", "The ISO 3166-2 code of the region of detention."),
    _field("region_en", "string", "The region's name in English."),
    _field("region_uk", "string", "The region's name in Ukrainian."),
    _field("detained", "string", "The detention date as text: YYYY, YYYY-MM or YYYY-MM-DD.",
           constraints={"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"}),
    _field("status", "string", "The custody status code.",
           constraints={"enum": ["in-custody", "disappeared", "released", "died", "unknown"]}),
    _field("status_en", "string", "The status in English."),
    _field("status_uk", "string", "The status in Ukrainian."),
    _field("days_in_custody", "integer", "Days in custody up to the list's day, at least.",
           constraints={"minimum": 0}),
    _field("sentence", "string", "The last sentence's term: 8y6m, life..."),
    _field("page_en", "string", "The person's page on this site, relative to its root."),
    _field("page_uk", "string", "The person's page in Ukrainian, relative to the site's root."),
]


def _resource(folder: Path, rel: str, name: str, description: str,
              **extra: Any) -> dict[str, Any]:
    data = (folder / rel).read_bytes()
    media = "text/csv" if rel.endswith(".csv") else "application/json"
    return {"name": name, "path": rel, "description": description,
            "format": rel.rsplit(".", 1)[-1], "mediatype": media, "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(), **extra}


def datapackage(folder: Path, as_of: date, months: list[str]) -> bytes:
    """datapackage.json for the files already in `folder` (data/): each file's size and checksum,
    the CSV's table schema, and each JSON file's schema by path (`jsonSchema`)."""
    resources = [
        _resource(folder, "list.csv", "list-csv", "The list, one row per person.",
                  type="table", encoding="utf-8-sig", profile="tabular-data-resource",
                  dialect={"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                  schema={"fields": CSV_FIELDS, "missingValues": [""]}),
        _resource(folder, "list.json", "list-json", "The list, with summaries and sources.",
                  type="json", encoding="utf-8", jsonSchema="schemas/list.schema.json"),
    ]
    for month in months:
        resources.append(_resource(folder, f"changes/{month}.json", f"changes-{month}",
                                   f"The changes to the list in {month}.", type="json",
                                   encoding="utf-8", jsonSchema="schemas/changes.schema.json"))
    for name in SCHEMAS:
        resources.append(_resource(folder, f"schemas/{name}.schema.json", f"schema-{name}",
                                   f"The JSON Schema of the {name} files.", type="json",
                                   encoding="utf-8"))
    package = {"name": "kremlinlist", "title": WORDS["en"]["title"],
               "description": WORDS["en"]["subtitle"], "version": FORMAT_VERSION,
               "created": f"{as_of.isoformat()}T00:00:00Z", "resources": resources}
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def counter_script() -> bytes:
    """embed/counter.js, the script of the counter snippet (templates/site/counter.js)."""
    return files("kremlinlist").joinpath("templates", "site", "counter.js").read_bytes()


def schema_bytes(name: str) -> bytes:
    return (json.dumps(SCHEMAS[name], ensure_ascii=False, indent=2) + "\n").encode("utf-8")
