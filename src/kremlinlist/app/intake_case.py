"""The candidate case a report becomes (`intake promote`, docs/intake.md): its opaque id, its
private block made of the report, and its file, sealed whenever the report was. A sealed report
is never opened into a file in plain text: with no `recipients:` to seal for (a key change under
way, a checkout whose kremlinlist.yaml lacks them), promoting it is refused.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import yaml
from pydantic import ValidationError

from kremlinlist.app.seal import sealed_yaml
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.checks.privacy import is_opaque
from kremlinlist.checks.sealing import keys_of, recipient_problems
from kremlinlist.files import loader, sealed
from kremlinlist.files.layout import CASES_DIR
from kremlinlist.model.case import Config, Private
from kremlinlist.model.intake import IntakeFile, IntakeReport

TEXT_MAX = 500  # the longest a relative's `contact` may be (model.case.Text)


def keys_for(config: Config, opens_sealed: bool) -> list[str]:
    """The keys to seal for, refused before anything is written when a sealed report is to be
    opened (`opens_sealed`) and there are none, or when age cannot seal for one of them."""
    keys = keys_of(config)
    if not keys and opens_sealed:
        raise _no_recipients()
    if keys and (bad := recipient_problems(config)):
        raise KremlinlistError("bad-recipient", bad[0].message, usage=True)
    return keys


def _no_recipients() -> KremlinlistError:
    return KremlinlistError("no-recipients", _(
        "this report is sealed, but kremlinlist.yaml lists no `recipients:` to seal the case "
        "made of it for, and it must not be written in plain text: add the recipients "
        "(`recipients: [{label: ..., key: age1...}]`) and run the command again; nothing was "
        "written"), usage=True)


def dump_yaml(value: object) -> str:
    """A report's or a case's data as the intake commands write it: in key order, Cyrillic as
    it is."""
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100)


def private_of(report: IntakeFile, what: IntakeReport) -> dict:
    """The private block of a case promoted from a report: the report as its private source,
    the reporter as a relative, and the person as reported, in the notes. Nothing is cut: a
    contact too long for a relative's `contact` goes whole into the notes."""
    p, r = what.person, what.reporter
    contact = "; ".join(c for c in (r.email, r.phone) if c)
    told = [("names", " / ".join(p.names)), ("born", p.born and p.born.typed),
            ("region", p.region and p.region.typed),
            ("detained", p.detained_on and p.detained_on.typed), ("place", p.place),
            ("reporter's contact", contact if len(contact) > TEXT_MAX else None)]
    notes = f"As reported in intake report {report.id}: " + "; ".join(
        f"{key}: {value}" for key, value in told if value)
    source = {"title": f"Intake report {report.id} ({report.via})", "date": str(report.received),
              **({"quote": p.what_happened} if p.what_happened else {})}
    relative = {k: v for k, v in (("name", r.name), ("relation", r.relation),
                                  ("contact", contact if len(contact) <= TEXT_MAX else None)) if v}
    return {"notes": notes, **({"relatives": [relative]} if relative else {}),
            "sources": {report.id: source}}


def new_case_id(root: Path) -> str:
    """`hidden-` and 16 random hex digits: an id that says nothing of the report (not even that
    there was one) nor of the person, so that it may be published if the case ever is."""
    while True:
        case_id = "hidden-" + secrets.token_hex(8)
        if is_opaque(case_id) and not os.path.lexists(root / CASES_DIR / f"{case_id}.yaml"):
            return case_id


def case_text(case_id: str, report: IntakeFile, what: IntakeReport, keys: list[str]) -> bytes:
    """The candidate case's file, checked whole (its private block before it is sealed); its
    private block is plain only when there are no keys and the report was plain too."""
    private = private_of(report, what)
    try:
        Private.model_validate(private)
    except ValidationError as exc:
        fields = sorted({".".join(map(str, e["loc"])) for e in exc.errors()})
        raise KremlinlistError("intake-state", _(
            "the report does not make a valid case ({fields} of its private block would be too "
            "long or invalid); nothing was written").format(fields=", ".join(fields))) from None
    text = dump_yaml({"id": case_id, "publicity": "hidden",
                      "assessment": {"decision": "candidate"}})
    if keys:
        armored, sealed_for = sealed.seal(dump_yaml(private).encode("utf-8"), keys)
        text += sealed_yaml("private", armored, sealed_for)
    elif isinstance(report.report, IntakeReport):
        text += dump_yaml({"private": private})
    else:
        raise _no_recipients()
    checked = loader.load_bytes(f"{CASES_DIR}/{case_id}.yaml", text.encode("utf-8"), "case")
    if checked.model is None:
        raise KremlinlistError("intake-state", _(
            "the report does not make a valid case (too long a field?); nothing was written"),
            problems=checked.problems)
    return text.encode("utf-8")
