"""Sealed blocks: with `recipients:` set, private data is sealed, well-formed and sealed for those
keys; all of that is checked without a key (CI has none). With an identity, what a block holds is
checked against its model too, and the plaintext never leaves this module's findings: a message
says which key is wrong, never what it holds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kremlinlist.base.i18n import N_, _
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.checks.context import CaseContext
from kremlinlist.files import loader, sealed, yamlsafe
from kremlinlist.files.layout import CONFIG_FILE
from kremlinlist.model.case import Case, Config, Private, Sealed


def keys_of(config: Config) -> list[str]:
    return [r.key for r in config.recipients]


def block_findings(block: Any, where: tuple, config: Config) -> list[Finding]:
    """A plain block where blocks are sealed, a damaged one, or one for other recipients."""
    keys = keys_of(config)
    if not isinstance(block, Sealed):
        if block is None or not keys:
            return []
        return [Finding(where, "error", "private-not-sealed",
                        _("kremlinlist.yaml lists `recipients:`, so this block must be sealed: run "
                          "`kremlinlist seal`"), at_key=True)]
    try:
        header = sealed.read_header(block.sealed)
    except sealed.SealError as exc:
        return [Finding((*where, "sealed"), "error", "sealed-damaged", exc.message, at_key=True)]
    if not (sealed.sealed_for_keys(block.sealed_for, keys) and sealed.stanzas_match(header, keys)):
        return [Finding(where, "warning", "sealed-for-other-recipients",
                        _("this block was sealed for other keys than those `recipients:` in "
                          "kremlinlist.yaml lists: run `kremlinlist seal --identity FILE` to seal "
                          "it again for them"), at_key=True)]
    return []


def sealing_findings(case: Case, ctx: CaseContext) -> list[Finding]:
    """The case's private block, sealed as kremlinlist.yaml asks."""
    return block_findings(case.private, ("private",), ctx.config)


def _key_line(key: str) -> re.Pattern[str]:
    """The top-level line of `key` (quoted or not), and what follows its colon."""
    return re.compile(rf"""(["']?){key}\1[ \t]*:(?P<rest>.*)""")


_COMMENT = re.compile(r"[ \t]#")  # a YAML comment after a value (armor and labels hold no #)
_KEY_LINES = {key: _key_line(key) for key in ("private", "report")}
_BESIDE = {
    "private": N_("a comment beside a sealed private block stays in plain text: delete it, or put "
                 "what it says inside the block with `kremlinlist edit-private`"),
    "report": N_("a comment beside a sealed intake report stays in plain text: delete it (no "
                "command edits a sealed report; what it says may go into the private block of "
                "the case the report became, with `kremlinlist edit-private`)"),
}


def comments_beside_sealed(rel: str, text: str, key: str) -> list[Problem]:
    """Comments on the line of a sealed top-level block `key` (`private` in a case, `report` in
    an intake file), or on lines inside or right after it (before the next top-level key):
    `seal` passes a sealed block over, so a comment written there later would stay in plain
    text beside it. Only their places are said, never what they say."""
    out, inside, key_line = [], False, _KEY_LINES[key]
    for number, line in enumerate(yamlsafe.split_lines(text), 1):
        if found := key_line.match(line):
            inside = True
            commented = _COMMENT.search(found["rest"]) is not None  # `private:  # ...`
        elif inside and line.strip() and line[:1] not in (" ", "\t", "#"):
            inside = commented = False  # the next top-level key: the block has ended
        else:  # a whole line, or one after a value (`sealed_for: [a]  # ...`)
            commented = inside and (line.lstrip().startswith("#")
                                    or _COMMENT.search(line) is not None)
        if commented:
            out.append(Problem(rel, number, 1, "error", "comment-beside-sealed-block",
                               _(_BESIDE[key])))
    return out


def recipient_problems(config: Config) -> list[Problem]:
    """Keys in `recipients:` that age cannot seal for."""
    out = []
    for i, r in enumerate(config.recipients):
        try:
            sealed.recipient(r.key)
        except sealed.SealError as exc:
            out.append(Problem(CONFIG_FILE, 0, 0, "error", "bad-recipient",
                               _("recipient {n}: {reason}").format(n=i + 1,
                                                                   reason=exc.message)))
    return out


def opened_findings(block: Sealed, where: tuple, cls: type[BaseModel],
                    identities: list[Any]) -> list[Finding]:
    """What a sealed block holds, checked against `cls`; a warning when no identity opens it."""
    try:
        plain = sealed.unseal(block.sealed, identities, block.sealed_for)
    except sealed.SealError as exc:
        if exc.mislabelled:
            return [Finding(where, "error", "sealed-for-mismatch", exc.message, at_key=True)]
        if exc.damaged:
            return [Finding(where, "error", "sealed-damaged", exc.message, at_key=True)]
        return [Finding(where, "warning", "sealed-not-opened",
                        _("none of the given identities opens this sealed block, so what it holds "
                          "was not checked"), at_key=True)]
    try:
        data = yamlsafe.parse(yamlsafe.read_text(plain))[0]
    except (yamlsafe.YamlError, UnicodeDecodeError, RecursionError):
        return [Finding(where, "error", "sealed-damaged", _(
            "the sealed block opens, but what it holds is not valid YAML: fix it with "
            "`kremlinlist edit-private`") if where[0] != "report" else _(
            "the sealed report opens, but what it holds is not valid YAML, and no command edits "
            "a sealed report: restore its file from git history (`git log -- FILE`, then `git "
            "checkout COMMIT -- FILE`)"), at_key=True)]
    try:
        cls.model_validate(data if data is not None else {})
    except ValidationError as exc:
        return [Finding(where, f.severity, f.code,
                        _("in the sealed block: {message}").format(message=f.message), at_key=True)
                for f in loader.schema_findings(exc, cls, data)]
    return []


def opened_problems(root: Path, rels: list[str], identities: list[Any]) -> list[Problem]:
    """The sealed private blocks of these case files, opened and checked."""
    out: list[Problem] = []
    for rel in rels:
        loaded = loader.load_file(root, rel, "case")
        model = loaded.model
        if isinstance(model, Case) and isinstance(model.private, Sealed):
            out += loaded.place(opened_findings(model.private, ("private",), Private, identities))
    return out
