"""`kremlinlist seal` and `unseal`: private blocks sealed with age at rest (`edit-private` is
app/private_edit.py).

A block is sealed in memory and only its ciphertext is written (base/atomic), in place of the
plain block's lines, so the rest of the file is kept as written; what is sealed is the block's
own text, comments included, when it reads back to the same data (else its YAML). Opening a block
needs an identity (`--identity FILE` or KREMLINLIST_IDENTITY).
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from kremlinlist.base.atomic import write_atomic
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.checks.intake import intake_problems
from kremlinlist.checks.sealing import keys_of, opened_problems, recipient_problems
from kremlinlist.files import loader, sealed, yamlsafe
from kremlinlist.files.layout import CASES_DIR, INTAKE_DIR, dataset_path
from kremlinlist.model.case import Case, Config, Sealed
from kremlinlist.model.ids import is_id



def identities_for(given: Path | None, required: bool = True) -> list[Any]:
    """The identities of `--identity` or KREMLINLIST_IDENTITY; none when neither is set and
    `required` is False."""
    path = sealed.identity_path(given)
    if path is None:
        if required:
            raise KremlinlistError("identity-unusable", _(
                "opening a sealed block needs your key: give --identity FILE or set "
                "KREMLINLIST_IDENTITY"), usage=True)
        return []
    try:
        return sealed.load_identities(path)
    except sealed.SealError as exc:
        raise KremlinlistError("identity-unusable", exc.message, usage=True) from None


def sealing_problems(root: Path, config: Config, case_files: list[str],
                     identity: Path | None = None) -> list[Problem]:
    """What `validate` adds for sealing: unusable recipients, the intake files, and, with an
    identity (`identity`, else KREMLINLIST_IDENTITY), every sealed block opened and checked."""
    identities = identities_for(identity, required=False)
    problems = recipient_problems(config)
    case_ids = {rel.rsplit("/", 1)[-1].removesuffix(".yaml") for rel in case_files}  # not Path: 10k
    problems += intake_problems(root, config, case_ids, identities)
    if identities:
        problems += opened_problems(root, case_files, identities)
    return problems


def sealed_yaml(key: str, armored: str, sealed_for: list[str]) -> str:
    """`key:` as a sealed block: the armored message as a literal block, then `sealed_for`."""
    body = textwrap.indent(armored.strip() + "\n", "    ")
    return f"{key}:\n  sealed: |\n{body}  sealed_for: [{', '.join(sealed_for)}]\n"


def _span(lines: list[str], key: str) -> tuple[int, int] | None:
    """The lines of the top-level `key:`, its indented block and the comment lines at column 0
    within or right after it, up to the next key (trailing blank lines excluded): a comment
    written there is about the block, so it is sealed with it, never left in plain text."""
    start = next((i for i, line in enumerate(lines) if line.startswith(key + ":")), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t", "#") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def block_text(text: str, key: str, value: Any) -> str:
    """The text of the top-level block `key` as written (comments kept), when it reads back to
    `value`; else `value` as YAML."""
    lines = text.splitlines(keepends=True)
    span = _span(lines, key)
    if span is not None:
        first = lines[span[0]][len(key) + 1:]
        rest = textwrap.dedent("".join(lines[span[0] + 1:span[1]]))
        written = (first.strip() + "\n" + rest) if first.strip() else rest
        try:
            if yamlsafe.parse(written)[0] == value:
                return written if written.endswith("\n") else written + "\n"
        except (yamlsafe.YamlError, RecursionError):
            pass
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100)


def splice(text: str, key: str, new_block: str) -> str:
    """`text` with its top-level block `key` replaced by `new_block` (appended when absent)."""
    lines = text.splitlines(keepends=True)
    span = _span(lines, key)
    if span is None:
        return text + ("" if not text or text.endswith("\n") else "\n") + new_block
    return "".join(lines[:span[0]]) + new_block + "".join(lines[span[1]:])


@dataclass
class SealReport:
    """What `seal` did: files sealed or sealed again, and the blocks it could not seal."""

    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _targets(root: Path, paths: list[str] | None) -> tuple[list[str], list[Problem]]:
    """The files to seal, and a problem for each path given that is not a case or intake file
    of this dataset (nothing outside it is ever written), or for a folder that is a symbolic
    link or cannot be read (its files would have been passed over: "nothing to seal")."""
    if not paths:
        rels, problems = [], []
        for folder in (CASES_DIR, INTAKE_DIR):
            names, found = loader.list_yaml(root, folder)
            rels += names
            problems += [p for p in found if p.file == folder]
        return rels, problems
    rels, problems = [], []
    for rel in (dataset_path(root, p) for p in paths):
        folder, _slash, name = rel.partition("/")
        if folder in (CASES_DIR, INTAKE_DIR) and "/" not in name and name.endswith(".yaml"):
            rels.append(rel)
        else:
            problems.append(Problem(rel, 0, 0, "error", "not-a-file", _(
                "not a case or intake file of this dataset (cases/*.yaml, intake/*.yaml)")))
    return rels, problems


def write_checked(root: Path, rel: str, old: str, new: str, key: str, value: dict) -> None:
    """Write `new` only if it reads as `old` with block `key` replaced by `value` (a block that
    is not a top-level `key:` line, as in a flow-style file, is refused, never guessed)."""
    try:
        before, after = yamlsafe.parse(old)[0], yamlsafe.parse(new)[0]
    except (yamlsafe.YamlError, RecursionError):
        before, after = None, None
    if not isinstance(before, dict) or after != {**before, key: value}:
        raise KremlinlistError("sealed-damaged", _(
            "the block could not be sealed in place (write `{key}:` at the start of a line); "
            "nothing was changed in {file}").format(file=rel, key=key))
    write_atomic(root / rel, new.encode("utf-8"))


def seal_one(root: Path, rel: str, keys: list[str], identities: list[Any]) -> Problem | None:
    """Seal the private block (a case) or the report (an intake file) of one file, if needed.
    A sealed block is opened only to seal it again for other keys: when its `sealed_for` or its
    age header does not match the recipients (a key added or removed). One that matches them is
    passed over unopened, whatever identity is at hand (KREMLINLIST_IDENTITY is often set for
    everything): what it holds, and whether it really is sealed for whom it says, is checked by
    `validate --identity`, not by opening every block of the dataset on every `seal`."""
    kind, key = ("intake", "report") if rel.startswith(INTAKE_DIR + "/") else ("case", "private")
    loaded = loader.load_file(root, rel, kind)
    if loaded.model is None or loaded.text is None:
        return (loaded.problems or [Problem(rel, 0, 0, "error", "sealed-damaged",
                                            _("not a case or intake file"))])[0]
    block = getattr(loaded.model, key)
    if block is None:  # nothing private in this file
        return None
    raw = loaded.data.get(key) if isinstance(loaded.data, dict) else None
    if isinstance(block, Sealed):
        header = sealed.read_header(block.sealed)
        if sealed.sealed_for_keys(block.sealed_for, keys) and sealed.stanzas_match(header, keys):
            return None  # already sealed for these keys: idempotent, and never opened
        if not identities:
            return Problem(rel, 0, 0, "warning", "sealed-for-other-recipients", _(
                "sealed for other keys: give --identity FILE to seal it again"))
        plain = sealed.unseal(block.sealed, identities, block.sealed_for)
    else:
        plain = block_text(loaded.text, key, raw).encode("utf-8")
    armored, sealed_for = sealed.seal(plain, keys)
    new = splice(loaded.text, key, sealed_yaml(key, armored, sealed_for))
    write_checked(root, rel, loaded.text, new, key, {"sealed": armored.strip() + "\n",
                                                      "sealed_for": sealed_for})
    return None


def sealing_keys(root: Path, no_keys: str) -> list[str]:
    """The recipients' keys, refused when kremlinlist.yaml has problems, lists none (`no_keys`
    says what to do instead) or lists one age cannot seal for."""
    config = loader.checked_config(root, "no-recipients")
    keys = keys_of(config)
    if not keys:
        raise KremlinlistError("no-recipients", no_keys, usage=True)
    if bad := recipient_problems(config):
        raise KremlinlistError("bad-recipient", bad[0].message, usage=True)
    return keys


def seal_paths(root: Path, paths: list[str] | None = None, identity: Path | None = None,
               on_written: Callable[[str], None] | None = None) -> SealReport:
    """Seal every plain private block and intake report (of `paths`, or of the dataset), and seal
    again, with an identity, those sealed for other keys than `recipients:` lists. `on_written`
    hears of each file as it is written, so an interrupted run can still say which were."""
    keys = sealing_keys(root, _("kremlinlist.yaml lists no `recipients:`, so there is no one to "
                                "seal for: add `recipients: [{label: ..., key: age1...}]`"))
    identities = identities_for(identity, required=False)
    rels, problems = _targets(root, paths)
    report = SealReport(problems=problems)
    for rel in rels:
        before = _stamp(root, rel)
        try:
            problem = seal_one(root, rel, keys, identities)
        except sealed.SealError as exc:
            problem = (Problem(rel, 0, 0, "error", "sealed-for-mismatch", exc.message)
                       if exc.mislabelled else
                       Problem(rel, 0, 0, "error", "sealed-damaged", exc.message))
        except KremlinlistError as exc:  # this file cannot be sealed in place: the others can
            problem = Problem(rel, 0, 0, "error", exc.code, exc.message)
        except OSError as exc:  # the file, never the temporary one beside it, is named
            problem = Problem(rel, 0, 0, "error", "seal-not-written", _(
                "the file could not be written ({reason}); it is unchanged: check the folder's "
                "permissions and free space, then run seal again").format(
                    reason=exc.strerror or type(exc).__name__))
        if problem is not None:
            report.problems.append(problem)
        elif _stamp(root, rel) != before:
            report.written.append(rel)
            if on_written is not None:
                on_written(rel)
    return report


def _stamp(root: Path, rel: str) -> tuple[int, int] | None:
    try:
        st = os.lstat(root / rel)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def sealed_case(root: Path, case_id: str) -> tuple[str, Case, loader.Loaded]:
    rel = f"{CASES_DIR}/{case_id}.yaml"
    if not is_id(case_id) or not os.path.lexists(root / rel):
        raise KremlinlistError("case-not-found", _("no case has this id in cases/"), usage=True)
    loaded = loader.load_file(root, rel, "case")
    if not isinstance(loaded.model, Case):
        raise KremlinlistError("sealed-damaged", _("the case file has problems; run "
                                                   "`kremlinlist validate` first"),
                               problems=loaded.problems)
    return rel, loaded.model, loaded


def unseal_block(root: Path, case_id: str, identity: Path | None = None) -> str:
    """The text of a case's private block, opened (for the terminal, never for a file)."""
    _rel, case, loaded = sealed_case(root, case_id)
    if case.private is None:
        raise KremlinlistError("no-private-block", _("this case has no private block"),
                               usage=True)
    if not isinstance(case.private, Sealed):
        return block_text(loaded.text or "", "private", loaded.data["private"])
    try:
        return sealed.unseal(case.private.sealed, identities_for(identity),
                             case.private.sealed_for).decode("utf-8")
    except sealed.SealError as exc:
        if exc.mislabelled:
            raise KremlinlistError("sealed-for-mismatch", exc.message) from None
        raise KremlinlistError("identity-unusable", exc.message) from None


__all__ = ["seal_paths", "unseal_block", "SealReport", "identities_for", "sealing_problems"]
