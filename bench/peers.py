"""The peers `make bench` runs on the same tree: yamale on a schema equivalent to the case model
(written here), check-jsonschema on the case JSON Schema `kremlinlist schema` installs, and the
floors (PyYAML's CSafeLoader; libyaml's bare event stream).

"Equivalent" means the same keys, types, enumerations, patterns and lengths as
`kremlinlist.model.case.Case`, so the peers do the per-file shape checks kremlinlist does; neither
does kremlinlist's checks across files, timeline, rules or privacy.
"""

from __future__ import annotations

import json
from pathlib import Path

ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
EVENTS = ("detained", "charged", "trial", "sentenced", "appeal", "transferred", "hunger-strike",
          "health", "released", "died", "disappeared", "recognized")


def _enum(*values: str) -> str:
    return "enum(" + ", ".join(repr(v) for v in values) + ")"


# A date is written YYYY (a number to YAML), YYYY-MM (text) or YYYY-MM-DD (a date to PyYAML).
_DATE = f"any(day(), int(min=1900, max=2100), regex('{DATE}'))"
_ID = f"regex('{ID}', max=80)"
_TEXT = "str(min=1, max=500)"
_LONG = "str(min=1, max=5000)"

YAMALE_SCHEMA = f"""\
id: {_ID}
former_ids: list({_ID}, required=False)
name: include('names', required=False)
aliases: list({_TEXT}, required=False)
born: {_DATE[:-1]}, required=False)
sex: {_enum("male", "female")[:-1]}, required=False)
citizenship: list(regex('^[A-Z]{{2}}$'), required=False)
region: regex('^[A-Z]{{2}}-[A-Z0-9]{{1,3}}$', required=False)
occupation: {_TEXT[:-1]}, required=False)
summary: {_LONG[:-1]}, required=False)
publicity: {_enum("public", "anonymous", "hidden")[:-1]}, required=False)
events: list(include('event'), required=False)
assessment: include('assessment')
sources: map(include('source'), key={_ID}, required=False)
private: include('private', required=False)
---
names:
  en: {_TEXT}
  uk: {_TEXT[:-1]}, required=False)
  ru: {_TEXT[:-1]}, required=False)
  crh: {_TEXT[:-1]}, required=False)
event:
  date: {_DATE[:-1]}, required=False)
  date_is: {_enum("on", "by")[:-1]}, required=False)
  type: {_enum(*EVENTS)}
  place: {_TEXT[:-1]}, required=False)
  term: str(max=12, required=False)
  regime: {_enum("general", "strict", "special", "settlement", "prison")[:-1]}, required=False)
  articles: list(regex('^[A-Z]{{2}}-[A-Z]{{2,5}}-[0-9][0-9.]*(?:-[0-9]+)*$', max=40), required=False)
  until: {_DATE[:-1]}, required=False)
  how: {_enum("exchange", "sentence-served", "acquitted", "pardoned", "other")[:-1]}, required=False)
  to: {_TEXT[:-1]}, required=False)
  by: {_TEXT[:-1]}, required=False)
  note: {_LONG[:-1]}, required=False)
  sources: list({_ID}, required=False)
criterion:
  id: {_ID}
  sources: list({_ID}, required=False)
  note: {_LONG[:-1]}, required=False)
assessment:
  decision: {_enum("candidate", "listed", "delisted")}
  since: {_DATE[:-1]}, required=False)
  reason: {_LONG[:-1]}, required=False)
  criteria: list(any({_ID}, include('criterion')), required=False)
  signs: list({_ID}, required=False)
  exclusions: list({_ID}, required=False)
  sources: list({_ID}, required=False)
  by: list({_ID}, required=False)
source:
  title: {_TEXT}
  publisher: {_TEXT[:-1]}, required=False)
  date: {_DATE[:-1]}, required=False)
  url: regex('^https?://[^\\s]+$', max=2000, required=False)
  accessed: {_DATE[:-1]}, required=False)
  quote: {_LONG[:-1]}, required=False)
relative:
  name: {_TEXT[:-1]}, required=False)
  relation: {_TEXT[:-1]}, required=False)
  contact: {_TEXT[:-1]}, required=False)
private:
  notes: {_LONG[:-1]}, required=False)
  health: {_LONG[:-1]}, required=False)
  relatives: list(include('relative'), required=False)
"""


def write_schemas(folder: Path) -> tuple[Path, Path]:
    """(yamale schema, JSON Schema of a case) written into `folder`."""
    from kremlinlist.model.jsonschema import json_schema

    folder.mkdir(parents=True, exist_ok=True)
    yamale = folder / "case.yamale.yaml"
    yamale.write_text(YAMALE_SCHEMA, encoding="utf-8")
    schema = folder / "case.schema.json"
    schema.write_text(json.dumps(json_schema("case")), encoding="utf-8")
    return yamale, schema


def yamale_args(python: str, schema: Path, paths: list[str], processes: int) -> list[str]:
    return [python, "-m", "yamale.command_line", "-s", str(schema), "-n", str(processes), *paths]


def jsonschema_args(python: str, schema: Path, paths: list[str]) -> list[str]:
    return [python, "-m", "check_jsonschema", "--schemafile", str(schema), *paths]


# The floors: what reading and parsing alone cost, on 2 processes like the tool.
FLOOR = r"""
import os, sys, yaml
from multiprocessing import get_context
def work(paths):
    for p in paths:
        with open(p, "rb") as f:
            yaml.load(f.read(), Loader=yaml.CSafeLoader)
    return len(paths)
root = sys.argv[1]
paths = sorted(os.path.join(root, n) for n in os.listdir(root) if n.endswith(".yaml"))
with get_context("fork").Pool(2) as pool:
    assert sum(pool.map(work, [paths[0::2], paths[1::2]])) == len(paths)
"""

EVENTS_FLOOR = r"""
import os, sys, yaml
from multiprocessing import get_context
def work(paths):
    for p in paths:
        with open(p, "rb") as f:
            for _ in yaml.parse(f.read(), Loader=yaml.CSafeLoader):
                pass
    return len(paths)
root = sys.argv[1]
paths = sorted(os.path.join(root, n) for n in os.listdir(root) if n.endswith(".yaml"))
with get_context("fork").Pool(2) as pool:
    assert sum(pool.map(work, [paths[0::2], paths[1::2]])) == len(paths)
"""
