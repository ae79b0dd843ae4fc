"""`kremlinlist intake`: reports of persecution, from a form's export to a candidate case.

A report's id is opaque: `r-` and 16 hex digits of an HMAC-SHA256 of the row, keyed with a random
salt kept in intake/.salt. The same row always gets the same id, so importing an export twice adds
nothing; without the salt the id cannot be recomputed from a guess of who reported what, and
with it one would have to guess a whole row, free text and time of sending included. Every
report of an import is built and checked in memory first; each file is then written whole
(base/atomic), sealed when `recipients:` is set. Nothing under intake/ is ever published.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import hmac
import io
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import ValidationError

from kremlinlist.app.seal import identities_for, sealed_yaml
from kremlinlist.base.atomic import write_atomic, write_new
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _, ngettext
from kremlinlist.base.problem import Problem
from kremlinlist.checks import duplicates as dupes
from kremlinlist.checks.sealing import keys_of
from kremlinlist.files import loader, sealed, yamlsafe
from kremlinlist.files.layout import CASES_DIR, INTAKE_DIR, INTAKE_SALT_FILE
from kremlinlist.model import dates
from kremlinlist.model.case import Sealed
from kremlinlist.model.intake import OPEN, IntakeFile, IntakeReport, region_code, typed_date

COLUMNS = ("submitted", "reporter_name", "reporter_relation", "reporter_email", "reporter_phone",
           "person_name", "person_name_uk", "born", "region", "detained_on", "place",
           "what_happened")
MAX_EXPORT_BYTES = 64 * 1024 * 1024


@dataclass
class Imported:
    """What an import did: the reports added, how many rows were already there, the bad rows."""

    added: list[str] = field(default_factory=list)
    known: int = 0
    problems: list[Problem] = field(default_factory=list)


def current_user() -> str:
    """Who runs the command, for a report's history when --by is not given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def dump_yaml(value: Any) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100)


def _salt(root: Path) -> bytes:
    """The key of the report ids, made on the first import (commit it with the reports)."""
    path = root / INTAKE_SALT_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        path.parent.mkdir(exist_ok=True)
        salt = secrets.token_bytes(32)
        write_atomic(path, salt.hex().encode("ascii") + b"\n")
        return salt
    except (OSError, ValueError, UnicodeDecodeError):
        raise KremlinlistError("intake-columns", _(
            "intake/.salt is damaged: restore it from git history (it keys the reports' ids)"),
            usage=True) from None


def report_id(salt: bytes, row: dict[str, str]) -> str:
    canonical = json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return "r-" + hmac.new(salt, canonical, hashlib.sha256).hexdigest()[:16]


def _mapping(map_file: Path | None) -> dict[str, str]:
    """The form's column -> ours, from a YAML or JSON mapping (the defaults map to themselves)."""
    out = {c: c for c in COLUMNS}
    if map_file is None:
        return out
    try:
        data = yamlsafe.parse(yamlsafe.read_text(map_file.read_bytes()))[0]
    except (OSError, yamlsafe.YamlError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict) or not all(isinstance(k, str) and v in COLUMNS
                                             for k, v in data.items()):
        raise KremlinlistError("intake-columns", _(
            "--map must be a mapping of the form's columns onto these: {columns}").format(
                columns=", ".join(COLUMNS)), usage=True)
    return {**out, **data}


def _rows(path: Path, mapping: dict[str, str]) -> Iterator[tuple[int, dict[str, str] | None]]:
    """(row number, our columns) of each row of a CSV or JSON-lines export; None when the row
    cannot be read. A column nobody mapped refuses the whole export, before anything is written."""
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise OSError
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise KremlinlistError("intake-columns", _(
            "the export cannot be read: it must be a UTF-8 CSV or JSON-lines file"),
            usage=True) from None
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{"):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                row = None
            yield number, _ours(row, mapping) if isinstance(row, dict) else None
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _check_columns(list(reader.fieldnames or ()), mapping)  # unknown columns refuse the file
    done = reader.line_num  # the last line of the rows read so far
    while True:  # a broken line is one bad row: the rows after it are still read
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield done + 1, None  # where the broken row starts
            done = reader.line_num
            continue
        done = reader.line_num
        yield done, _ours(row, mapping) if None not in row else None


def _unsafe(text: str) -> bool:
    """A control character (a line break or tab aside) or an invisible one: what a form may let
    through and validate refuses in a report."""
    return any((ord(c) < 32 and c not in "\n\r\t") or c == "\x7f" for c in text) or \
        yamlsafe.invisible_char(text) is not None


def intake_folder(root: Path) -> Path:
    """intake/, refused when it is a link or not a folder: reports are never written elsewhere."""
    folder = root / INTAKE_DIR
    if os.path.islink(folder) or (os.path.lexists(folder) and not folder.is_dir()):
        raise KremlinlistError("intake-state", _(
            "intake/ is a symbolic link or not a folder: reports are written only into the "
            "dataset's own intake/ folder; nothing was written"), usage=True)
    return folder


def _check_columns(names: list, mapping: dict[str, str]) -> None:
    """Refuse columns nobody mapped. One is named by its place, never by its name: in an export
    without a header row the "names" are the first report's cells."""
    unknown = [place for place, k in enumerate(names, 1) if k not in mapping]
    if unknown and len(unknown) == len(names):
        raise KremlinlistError("intake-columns", _(
            "none of the export's {count} columns is one kremlinlist knows: it seems to have no "
            "header row, or one with the form's own names; add the header row, or map the "
            "form's columns onto the default ones with --map FILE (docs/intake.md)")
            .format(count=len(names)), usage=True)
    if unknown:
        raise KremlinlistError("intake-columns", ngettext(
            "the export has {count} column kremlinlist does not know (column {places}); map it "
            "onto the default ones with --map FILE (docs/intake.md)",
            "the export has {count} columns kremlinlist does not know (columns {places}); map "
            "them onto the default ones with --map FILE (docs/intake.md)", len(unknown)).format(
                count=len(unknown), places=", ".join(map(str, unknown))), usage=True)


def _ours(row: dict, mapping: dict[str, str]) -> dict[str, str]:
    _check_columns(list(row), mapping)
    out = {}
    for key, value in row.items():
        text = "" if value is None else str(value).strip()
        if text:
            out[mapping[key]] = text
    return out


def _typed(text: str | None, key: str, parsed: Any) -> dict | None:
    """What was typed, beside what was understood of it (when anything was)."""
    if not text:
        return None
    return {"typed": text, **({} if parsed is None else {key: str(parsed)})}


def _report(row: dict[str, str]) -> dict:
    """The report of one row, as an IntakeReport's data."""
    person = {
        "names": [n for n in (row.get("person_name"), row.get("person_name_uk")) if n],
        "born": _typed(row.get("born"), "date", typed_date(row.get("born", ""))),
        "region": _typed(row.get("region"), "code", region_code(row.get("region", ""))),
        "detained_on": _typed(row.get("detained_on"), "date",
                              typed_date(row.get("detained_on", ""))),
        "place": row.get("place"), "what_happened": row.get("what_happened"),
    }
    reporter = {"name": row.get("reporter_name"), "relation": row.get("reporter_relation"),
                "email": row.get("reporter_email"), "phone": row.get("reporter_phone")}
    return {"reporter": {k: v for k, v in reporter.items() if v},
            "person": {k: v for k, v in person.items() if v}}


def report_file(envelope: dict, report: Any, keys: list[str]) -> str:
    """An intake file's text: the envelope, then the report, sealed for `keys` when there are
    any (a Sealed report is kept as it is)."""
    head = dump_yaml(envelope)
    if isinstance(report, Sealed):
        return head + sealed_yaml("report", report.sealed, report.sealed_for)
    if keys:
        armored, sealed_for = sealed.seal(dump_yaml(report).encode("utf-8"), keys)
        return head + sealed_yaml("report", armored, sealed_for)
    return head + dump_yaml({"report": report})


def _bad(source: str, number: int, message: str) -> Problem:
    return Problem(source, number, 1, "error", "intake-bad-row", message)


def import_export(root: Path, export: Path, map_file: Path | None = None,
                  by: str = "import") -> Imported:
    """One report file per new row of a form's export (CSV or JSON lines)."""
    config, problems = loader.load_config(root)
    if problems:
        raise KremlinlistError("intake-columns", _("kremlinlist.yaml has problems; run "
                                                   "`kremlinlist validate` first"),
                               problems=problems)
    if config.repository == "public":
        raise KremlinlistError("intake-state", _(
            "this repository is public (kremlinlist.yaml): reports name who reported whom, so "
            "import them in the coalition's private repository; nothing was imported"),
            usage=True)
    intake_folder(root)
    mapping, keys, today = _mapping(map_file), keys_of(config), dates.today(config.timezone)
    source, done = export.name, Imported()
    pending: dict[str, str] = {}
    salt = None
    for number, row in _rows(export, mapping):
        if row is None:
            done.problems.append(_bad(source, number, _("the row cannot be read (not a JSON "
                                                        "object, or a broken CSV line)")))
            continue
        received = typed_date(row.get("submitted", ""))
        if received is None:
            done.problems.append(_bad(source, number, _(
                "`submitted` is missing or not a date such as 2024-05-01 or 01.05.2024")))
            continue
        if not (row.get("person_name") or row.get("person_name_uk")):
            done.problems.append(_bad(source, number, _("the row names no person concerned "
                                                        "(`person_name` or `person_name_uk`)")))
            continue
        unsafe = [key for key, value in row.items() if _unsafe(value)]
        if unsafe:
            done.problems.append(_bad(source, number, _(
                "`{column}` holds a control or invisible character; remove it in the export")
                .format(column=unsafe[0])))
            continue
        salt = salt or _salt(root)
        rid = report_id(salt, row)
        if rid in pending or os.path.lexists(root / INTAKE_DIR / f"{rid}.yaml"):
            done.known += 1
            continue
        envelope = {"id": rid, "received": str(received), "via": "form", "status": "new",
                    "history": [{"status": "new", "by": by, "on": str(today)}]}
        data = {**envelope, "report": _report(row)}
        try:
            IntakeFile.model_validate(data)
        except ValidationError as exc:
            reasons = "; ".join(f.message for f in loader.schema_findings(exc, IntakeFile, data))
            done.problems.append(_bad(source, number, reasons))
            continue
        pending[rid] = report_file(envelope, data["report"], keys)
    for rid, text in pending.items():
        try:
            write_new(root / INTAKE_DIR / f"{rid}.yaml", text.encode("utf-8"))
        except FileExistsError:  # the same report, imported by another run meanwhile
            done.known += 1
            continue
        done.added.append(rid)
    return done


def load_report(root: Path, rid: str) -> tuple[IntakeFile, dict]:
    """A report of the queue and its data as read; refused when missing or invalid."""
    rel = f"{INTAKE_DIR}/{rid}.yaml"
    if "/" in rid or not os.path.lexists(root / rel):
        raise KremlinlistError("intake-state", _("no report in intake/ has this id"),
                               usage=True)
    loaded = loader.load_file(root, rel, "intake")
    if not isinstance(loaded.model, IntakeFile):
        raise KremlinlistError("intake-state", _("the report's file has problems; run "
                                                 "`kremlinlist validate` first"),
                               problems=loaded.problems)
    return loaded.model, loaded.data


def opened(report: IntakeFile, identities: list[Any]) -> IntakeReport | None:
    """What the report says: as written, opened with an identity, or None when sealed for
    someone else (or no identity was given)."""
    if isinstance(report.report, IntakeReport):
        return report.report
    if not identities:
        return None
    try:
        plain = sealed.unseal(report.report.sealed, identities)
        return IntakeReport.model_validate(yamlsafe.parse(yamlsafe.read_text(plain))[0])
    except (sealed.SealError, yamlsafe.YamlError, ValidationError, UnicodeDecodeError):
        return None


def _open_report(root: Path, rid: str) -> IntakeFile:
    """A report that may still move on (new or reviewing), in a real intake/ folder; refused
    otherwise, before anything is written."""
    intake_folder(root)
    report, _data = load_report(root, rid)
    if report.status not in OPEN:
        raise KremlinlistError("intake-state", _(
            "this report is already `{status}`; only a new or reviewing report moves on")
            .format(status=report.status), usage=True)
    return report


def set_status(root: Path, rid: str, status: str, by: str, *, case: str | None = None,
               reason: str | None = None, today: date | None = None) -> IntakeFile:
    """Move a report on from `new` or `reviewing`, recording who and when; the report itself
    (sealed or not) is written back as it was."""
    report = _open_report(root, rid)
    if case is not None and not os.path.lexists(root / CASES_DIR / f"{case}.yaml"):
        raise KremlinlistError("intake-link", _("no case in cases/ has this id"), usage=True)
    config = loader.load_config(root)[0]
    today = today or dates.today(config.timezone)
    change = {"status": status, "by": by, "on": str(today), **({"reason": reason} if reason else {})}
    envelope = {"id": report.id, "received": str(report.received), "via": report.via,
                "status": status, **({"case": case or report.case} if case or report.case else {}),
                "history": [h.model_dump(mode="json", exclude_none=True) for h in report.history]
                + [change]}
    body = (report.report if isinstance(report.report, Sealed)
            else report.report.model_dump(mode="json", exclude_none=True, exclude_defaults=True))
    text = report_file(envelope, body, [] if isinstance(body, Sealed) else keys_of(config))
    checked = loader.load_bytes(f"{INTAKE_DIR}/{rid}.yaml", text.encode("utf-8"), "intake")
    if checked.model is None:
        raise KremlinlistError("intake-state", _("the report would not be valid; nothing was "
                                                 "changed"), problems=checked.problems)
    write_atomic(root / INTAKE_DIR / f"{rid}.yaml", text.encode("utf-8"))
    return checked.model  # type: ignore[return-value]




def _private_of(report: IntakeFile, what: IntakeReport) -> dict:
    """The private block of a case promoted from a report: the report as its private source,
    the reporter as a relative, and the person as reported, in the notes."""
    p = what.person
    told = [("names", " / ".join(p.names)), ("born", p.born and p.born.typed),
            ("region", p.region and p.region.typed),
            ("detained", p.detained_on and p.detained_on.typed), ("place", p.place)]
    notes = f"As reported in intake report {report.id}: " + "; ".join(
        f"{key}: {value}" for key, value in told if value)
    source = {"title": f"Intake report {report.id} ({report.via})", "date": str(report.received),
              **({"quote": p.what_happened} if p.what_happened else {})}
    r = what.reporter
    contact = "; ".join(c for c in (r.email, r.phone) if c)
    relative = {k: v for k, v in (("name", r.name), ("relation", r.relation),
                                  ("contact", contact[:500])) if v}
    return {"notes": notes[:5000], **({"relatives": [relative]} if relative else {}),
            "sources": {report.id: source}}


def promote(root: Path, rid: str, by: str, identity: Path | None = None,
            today: date | None = None) -> str:
    """A `candidate` case from a report: hidden, carrying nothing public until a public source is
    cited; the report becomes its private (sealed) source, and is marked promoted."""
    report = _open_report(root, rid)
    config = loader.load_config(root)[0]
    if config.repository == "public":
        raise KremlinlistError("intake-state", _(
            "this repository is public (kremlinlist.yaml): a case promoted from a report carries "
            "private data, so promote it in the coalition's private repository"), usage=True)
    identities = identities_for(identity, required=isinstance(report.report, Sealed))
    what = opened(report, identities)
    if what is None:
        raise KremlinlistError("identity-unusable", _(
            "none of your identities opens this report: it was sealed for other keys"))
    case_id = "intake-" + rid.removeprefix("r-")
    rel = f"{CASES_DIR}/{case_id}.yaml"
    taken = KremlinlistError("intake-state", _("{file} already exists").format(file=rel))
    if os.path.lexists(root / rel):  # early, before the report is opened into a case
        raise taken
    text = dump_yaml({"id": case_id, "publicity": "hidden",
                      "assessment": {"decision": "candidate"}})
    private, keys = _private_of(report, what), keys_of(config)
    if keys:
        armored, sealed_for = sealed.seal(dump_yaml(private).encode("utf-8"), keys)
        text += sealed_yaml("private", armored, sealed_for)
    else:
        text += dump_yaml({"private": private})
    checked = loader.load_bytes(rel, text.encode("utf-8"), "case")
    if checked.model is None:
        raise KremlinlistError("intake-state", _(
            "the report does not make a valid case (too long a field?); nothing was written"),
            problems=checked.problems)
    try:
        write_new(root / rel, text.encode("utf-8"))
    except FileExistsError:
        raise taken from None
    set_status(root, rid, "promoted", by, case=case_id, today=today)
    return case_id


@dataclass
class QueueRow:
    """One report in the queue. `names` only when an identity was given; `region` and `likely`
    (ids of cases and reports that may be the same person) when the report could be read."""

    id: str
    status: str
    received: str
    age_days: int
    readable: bool
    region: str | None = None
    names: list[str] = field(default_factory=list)
    likely: list[str] = field(default_factory=list)


def _profile(rel: str, rid: str, what: IntakeReport) -> dupes.CaseProfile | None:
    p = what.person
    detained = p.detained_on.date if p.detained_on and p.detained_on.date else None
    return dupes.profile(rel, {
        "id": rid, "name": {"en": p.names[0]} if p.names else None, "aliases": p.names[1:],
        "born": str(p.born.date) if p.born and p.born.date else None,
        "region": p.region.code if p.region else None,
        "events": [{"type": "detained", "date": str(detained)}] if detained else []})


def queue(root: Path, identity: Path | None = None, today: date | None = None
          ) -> tuple[list[QueueRow], list[Problem]]:
    """The reports, oldest first, with the cases and reports each may duplicate; and the
    problems of the intake files that do not load (left out of the queue, never silently)."""
    config = loader.load_config(root)[0]
    today = today or dates.today(config.timezone)
    identities = identities_for(identity, required=identity is not None)
    rows, profiles = [], []
    rels, problems = loader.list_yaml(root, INTAKE_DIR)
    for rel in rels:
        loaded = loader.load_file(root, rel, "intake")
        model = loaded.model
        if not isinstance(model, IntakeFile):
            problems += loaded.problems
            continue
        what = opened(model, identities)
        row = QueueRow(model.id, model.status, str(model.received),
                       (today - model.received.earliest).days, what is not None)
        if what is not None:
            row.region = what.person.region.code if what.person.region else None
            row.names = list(what.person.names) if identities else []
            if (profile := _profile(rel, model.id, what)) is not None:
                profiles.append(profile)
        rows.append(row)
    cases = dupes.profiles(root)
    by_id = {r.id: r for r in rows}
    for pair in dupes.find(cases + profiles, only=[p.rel for p in profiles]):
        for mine, other in ((pair.a, pair.b), (pair.b, pair.a)):
            if mine.rel.startswith(INTAKE_DIR + "/"):
                name = _("a withheld case") if other.withheld else other.id
                by_id[mine.id].likely.append(name)
    return sorted(rows, key=lambda r: (r.received, r.id)), problems


__all__ = ["import_export", "Imported", "set_status", "load_report", "opened", "report_file",
           "promote", "queue", "QueueRow", "COLUMNS"]
