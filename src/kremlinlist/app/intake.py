"""`kremlinlist intake`: reports of persecution, from a form's export to a candidate case.

A report's id is opaque: `r-` and 16 hex digits of an HMAC-SHA256 of the row, keyed with a random
salt kept in intake/.salt. The same row always gets the same id, so importing an export twice adds
nothing; without the salt the id cannot be recomputed from a guess of who reported what, and
with it one would have to guess a whole row, free text and time of sending included. Every
report of an import is built and checked in memory first; each file is then written whole
(base/atomic), sealed when `recipients:` is set. Nothing under intake/ is ever published.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kremlinlist.app import intake_export, unnamed_paths
from kremlinlist.app.intake_case import case_text, dump_yaml, keys_for, new_case_id
from kremlinlist.app.intake_envelope import moved_data, moved_text, read_back
from kremlinlist.app.intake_export import COLUMNS
from kremlinlist.app.seal import identities_for, sealed_yaml
from kremlinlist.base.atomic import write_atomic, write_new
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.checks import duplicates as dupes
from kremlinlist.files import loader, sealed, yamlsafe
from kremlinlist.files.layout import CASES_DIR, INTAKE_DIR, INTAKE_SALT_FILE
from kremlinlist.model import dates
from kremlinlist.model.case import Sealed
from kremlinlist.model.intake import (OPEN, IntakeFile, IntakeReport, form_timestamp,
                                      slash_order, typed_date)
from kremlinlist.model.regions import region_code


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


def _salt(root: Path) -> bytes:
    """The key of the report ids, made on the first import (commit it with the reports). Never
    made again beside reports: a new salt gives every row a new id, so that importing an export
    again would add every report a second time."""
    path = root / INTAKE_SALT_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        if loader.list_yaml(root, INTAKE_DIR)[0]:
            raise KremlinlistError("intake-state", _(
                "intake/.salt is missing, but intake/ holds reports: a new salt would give every "
                "row a new id and import every report again. Restore it from git history (`git "
                "log -- intake/.salt`, then `git checkout COMMIT -- intake/.salt`) or a backup; "
                "nothing was imported"), usage=True) from None
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
    config = loader.checked_config(root, "intake-state")
    if config.repository == "public":
        raise KremlinlistError("intake-state", _(
            "this repository is public (kremlinlist.yaml): reports name who reported whom, so "
            "import them in the coalition's private repository; nothing was imported"),
            usage=True)
    intake_folder(root)
    keys, today = keys_for(config, opens_sealed=False), dates.today(config.timezone)
    source, done = export.name, Imported()
    rows = list(intake_export.rows(export, intake_export.mapping(map_file)))
    month_first = _month_first([row.get("submitted", "") for _n, row in rows
                                if isinstance(row, dict)])
    pending: dict[str, str] = {}
    salt = None
    for number, row in rows:
        if isinstance(row, str):
            done.problems.append(_bad(source, number, row))
            continue
        received = form_timestamp(row.get("submitted", ""), month_first)
        if received is None:
            done.problems.append(_bad(source, number, _(
                "`submitted` is missing or not a date such as 2024-05-01 or 01.05.2024")
                if slash_order(row.get("submitted", "")) != "either" else _(
                "`submitted` reads day first or month first, and no other row of the export "
                "settles which; write it as 2024-05-01")))
            continue
        if received.earliest > today + timedelta(days=1):  # a day's leeway for time zones
            done.problems.append(_bad(source, number, _("`submitted` is a date to come")))
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


def _month_first(submitted: list[str]) -> bool | None:
    """Whether the export's slashed timestamps put the month first (5/13/2024), as a form in US
    English writes them, or the day (13/05/2024); None when no row settles it, or rows disagree."""
    orders = {slash_order(text) for text in submitted} - {None, "either"}
    return None if len(orders) != 1 else orders == {"month"}


def _load(root: Path, rid: str) -> loader.Loaded:
    rel = f"{INTAKE_DIR}/{rid}.yaml"
    if "/" in rid or not os.path.lexists(root / rel):
        raise KremlinlistError("intake-state", _("no report in intake/ has this id"),
                               usage=True)
    loaded = loader.load_file(root, rel, "intake")
    if not isinstance(loaded.model, IntakeFile) or loaded.text is None:
        raise KremlinlistError("intake-state", _("the report's file has problems; run "
                                                 "`kremlinlist validate` first"),
                               problems=loaded.problems)
    return loaded


def load_report(root: Path, rid: str) -> tuple[IntakeFile, dict]:
    """A report of the queue and its data as read; refused when missing or invalid."""
    loaded = _load(root, rid)
    return loaded.model, loaded.data  # type: ignore[return-value]


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


def _still_open(report: IntakeFile) -> None:
    """Only a new or reviewing report moves on; refused before anything is written."""
    if report.status not in OPEN:
        raise KremlinlistError("intake-state", _(
            "this report is already `{status}`; only a new or reviewing report moves on")
            .format(status=report.status), usage=True)


def _write(path: Path, rel: str, data: bytes, new: bool = False) -> None:
    """Write one file whole; a failure (a read-only folder, a full disk) is a refusal."""
    try:
        (write_new if new else write_atomic)(path, data)
    except OSError as exc:
        raise KremlinlistError("intake-state", _("{file} could not be written ({reason})").format(
            file=rel, reason=exc.strerror or type(exc).__name__)) from None


def set_status(root: Path, rid: str, status: str, by: str, *, case: str | None = None,
               reason: str | None = None, today: date | None = None) -> IntakeFile:
    """Move a report on from `new` or `reviewing`, recording who and when; the rest of the file
    (the report, sealed or not, and every comment) is kept as written."""
    intake_folder(root)
    loaded = _load(root, rid)
    _still_open(loaded.model)  # type: ignore[arg-type]
    if case is not None and not os.path.lexists(root / CASES_DIR / f"{case}.yaml"):
        raise KremlinlistError("intake-link", _("no case in cases/ has this id"), usage=True)
    config = loader.checked_config(root, "intake-state")
    text, moved = _moved(loaded, status, by, case, reason, today or dates.today(config.timezone),
                         keys_for(config, opens_sealed=False))
    _write(root / loaded.rel, loaded.rel, text)
    return moved


def _moved(loaded: loader.Loaded, status: str, by: str, case: str | None, reason: str | None,
           today: date, keys: list[str]) -> tuple[bytes, IntakeFile]:
    """The report's file with its new status, `case` and history line, and the report it reads
    as. Each text is parsed once: the file as loaded, the new one as read back to check it. A
    file whose layout cannot be changed in place is rewritten only if it holds no comment to
    lose."""
    report: IntakeFile = loaded.model  # type: ignore[assignment]
    text: str = loaded.text  # type: ignore[assignment]
    change = {"status": status, "by": by, "on": str(today), **({"reason": reason} if reason else {})}
    expected = moved_data(loaded.data, status, case, change)
    # a plain report is sealed as `seal` would seal it, comments too; a sealed one is kept
    seal_for = [] if isinstance(report.report, Sealed) else keys
    in_place = moved_text(text, status, case, change)
    if in_place is not None:
        moved, checked, wanted = read_back(loaded.rel, in_place, expected, seal_for)
        if checked.data == wanted:
            return moved, _valid(checked)
    if "#" in text:
        raise KremlinlistError("intake-state", _(
            "{file} is laid out in a way that cannot be changed without losing its comments; "
            "nothing was changed: set `status:` and add a line to `history:` by hand")
            .format(file=loaded.rel))
    envelope = {"id": report.id, "received": str(report.received), "via": report.via,
                "status": status, **({"case": case or report.case} if case or report.case
                                     else {}),
                "history": [h.model_dump(mode="json", exclude_none=True)
                            for h in report.history] + [change]}
    body = (report.report if isinstance(report.report, Sealed) else loaded.data["report"])
    moved, checked, _wanted = read_back(loaded.rel, report_file(envelope, body, []), expected,
                                         seal_for)
    return moved, _valid(checked)


def _valid(checked: loader.Loaded) -> IntakeFile:
    """The report as read back; refused, before anything is written, when it is not valid."""
    if not isinstance(checked.model, IntakeFile):
        raise KremlinlistError("intake-state", _("the report would not be valid; nothing was "
                                                 "changed"), problems=checked.problems)
    return checked.model


def promote(root: Path, rid: str, by: str, identity: Path | None = None,
            today: date | None = None) -> str:
    """A `candidate` case from a report: hidden, carrying nothing public until a public source is
    cited; the report becomes its private (sealed) source, and is marked promoted. All or
    nothing: the report is marked first and put back if the case cannot be written; a report
    left marked without its case (the process killed between the two) gets it on a retry the
    same day. Later, a missing case is more likely renamed by hand: never made a second time."""
    intake_folder(root)
    loaded = _load(root, rid)
    report: IntakeFile = loaded.model  # type: ignore[assignment]
    config = loader.checked_config(root, "intake-state")
    if config.repository == "public":
        raise KremlinlistError("intake-state", _(
            "this repository is public (kremlinlist.yaml): a case promoted from a report carries "
            "private data, so promote it in the coalition's private repository"), usage=True)
    today = today or dates.today(config.timezone)
    unfinished = (report.status == "promoted" and report.case is not None
                  and not os.path.lexists(root / CASES_DIR / f"{report.case}.yaml"))
    if unfinished and str(report.history[-1].on if report.history else "") != str(today):
        raise KremlinlistError("intake-state", _(
            "this report was promoted before today and its case {case} is not in cases/: if the "
            "case was renamed, set `case:` in {file} to its new id; if it was never written, set "
            "`status:` back to `new`, remove the last line of `history:`, and promote again")
            .format(case=report.case, file=loaded.rel), usage=True)
    if not unfinished:
        _still_open(report)
    keys = keys_for(config, opens_sealed=isinstance(report.report, Sealed))  # before the key
    identities = identities_for(identity, required=isinstance(report.report, Sealed))
    what = opened(report, identities)
    if what is None:
        raise KremlinlistError("identity-unusable", _(
            "none of your identities opens this report: it was sealed for other keys"))
    case_id = report.case if unfinished else new_case_id(root)
    rel = f"{CASES_DIR}/{case_id}.yaml"
    text = case_text(case_id, report, what, keys)  # type: ignore[arg-type]
    if not unfinished:
        before = (root / loaded.rel).read_bytes()
        _write(root / loaded.rel, loaded.rel, _moved(loaded, "promoted", by, case_id, None,
                                                     today, keys)[0])
    try:
        _write(root / rel, rel, text, new=True)
    except BaseException:  # Ctrl-C too: the report is put back as it was
        if not unfinished:
            write_atomic(root / loaded.rel, before)
        raise
    return case_id  # type: ignore[return-value]


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
    problems of the intake files that do not load (never silently; by a placeholder for a path
    named after a withheld person). A broken kremlinlist.yaml is refused, as elsewhere."""
    config = loader.checked_config(root, "intake-state")
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
    return sorted(rows, key=lambda r: (r.received, r.id)), unnamed_paths.said_on_disk(root, problems)


__all__ = ["import_export", "Imported", "set_status", "load_report", "opened", "report_file",
           "promote", "queue", "QueueRow", "COLUMNS"]
