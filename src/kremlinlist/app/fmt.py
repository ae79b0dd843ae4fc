"""`kremlinlist fmt`: rewrite dataset files in the canonical layout, only when the data and the
comments come out unchanged, so a bug in the formatter can never lose a value or a comment."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kremlinlist.base.i18n import N_, _
from kremlinlist.base.atomic import write_atomic
from kremlinlist.base.parallel import fork_map
from kremlinlist.base.problem import Problem
from kremlinlist.app.unnamed_paths import disk_named
from kremlinlist.checks.advocacy import said_unnamed, unnamed_as
from kremlinlist.files import loader, yaml_mistakes, yamlfmt, yamlsafe
from kremlinlist.files.layout import KIND_OF_FOLDER, dataset_path_or_none as relative, kind_of


BOM = b"\xef\xbb\xbf"  # a byte-order mark: editors on Windows add it; validate refuses it

# One sentence per kind of file (see files/loader.py's _NOT_A_MAPPING).
_NOT_A_MAPPING = {
    "case": N_("a case file is a mapping of keys; not formatted"),
    "organization": N_("an organization file is a mapping of keys; not formatted"),
    "criteria": N_("a criteria file is a mapping of keys; not formatted"),
    "config": N_("a config file is a mapping of keys; not formatted"),
    "action": N_("an action file is a mapping of keys; not formatted"),
    "coalition": N_("a coalition file is a mapping of keys; not formatted"),
}


@dataclass
class Formatted:
    """What `fmt` did to one file: changed it (or would), or found problems that stopped it."""

    rel: str
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)


def format_file(root: Path, rel: str, check: bool = False) -> Formatted:
    """Format one dataset file in place (or, with `check`, only say whether it would change)."""
    return _written(root, *_formatted(root, rel), check)


_Found = tuple[Formatted, bytes | None, bytes]  # the outcome, the new bytes, the old ones' digest


def _formatted(root: Path, rel: str) -> _Found:
    """What formatting one file finds, and its new bytes where they differ from the file's:
    nothing is written here (on a worker, which a signal may end mid-write)."""
    outcome = Formatted(rel)
    kind = kind_of(rel)
    if kind is None:
        outcome.problems.append(Problem(rel, 0, 0, "error", "not-formatted",
                                        _("not a dataset file: fmt formats cases/*.yaml, "
                                          "organizations/*.yaml, actions/*.yaml, "
                                          "coalitions/*.yaml, criteria.yaml and "
                                          "kremlinlist.yaml")))
        return outcome, None, b""
    text = None
    try:
        data = loader.read_file(root, rel)
        text = yamlsafe.read_text(data.removeprefix(BOM))  # the one mark fmt removes
    except loader.FileRefused as exc:
        outcome.problems = loader.refused(rel, exc).problems
        return outcome, None, b""
    except yamlsafe.YamlError as exc:
        outcome.problems.append(Problem(rel, exc.line, exc.column, "error", exc.code,
                                        _("{problem} (the file was not formatted)").format(
                                            problem=exc.message)))
        return outcome, None, b""
    # what validate says of the same mistakes: their cause and the line as it should be
    before, found = yaml_mistakes.unformattable(rel, text, kind)
    if found:
        outcome.problems += [replace(p, message=_("{problem} (the file was not formatted)")
                                     .format(problem=p.message)) for p in found]
        return outcome, None, b""
    if not isinstance(before, dict):
        outcome.problems.append(Problem(rel, 1, 1, "error", "not-a-mapping",
                                        _(_NOT_A_MAPPING[kind])))
        return outcome, None, b""
    where = (0, 0)  # the whole file, unless the formatter names the place it stopped at
    try:
        formatted = yamlfmt.format_text(text, kind)
        # a text that comes out as it went in has its data and comments: nothing to compare
        problem = None if formatted == text else _unsafe(text, formatted, before)
    except (yamlfmt.Unformattable, yamlsafe.YamlError) as exc:
        # said alike by `fmt` and `fmt --check`: nothing was written in either
        problem = _("fmt cannot format it safely ({reason})").format(reason=exc)
        if isinstance(exc, yamlfmt.Unformattable):
            where = (exc.line, exc.column)
    if problem:
        outcome.problems.append(Problem(rel, where[0], where[1], "error", "not-formatted",
                                        problem))
        return outcome, None, b""
    encoded = formatted.encode("utf-8")
    outcome.changed = encoded != data
    return outcome, encoded if outcome.changed else None, hashlib.sha256(data).digest()


def _written(root: Path, outcome: Formatted, data: bytes | None, digest: bytes,
             check: bool) -> Formatted:
    """The file's new bytes written (unless `check`), atomically, by the command's own process,
    only if the file still holds what was formatted: an edit made meanwhile is kept."""
    if data is None or check:
        return outcome
    try:
        still = hashlib.sha256(loader.read_file(root, outcome.rel)).digest() == digest
    except loader.FileRefused:
        still = False  # gone, or no longer a plain file
    if not still:
        outcome.changed = False
        outcome.problems.append(Problem(outcome.rel, 0, 0, "error", "not-written",
                                        _("the file changed while it was being formatted; it "
                                          "was left as it is now: run fmt again")))
        return outcome
    try:
        write_atomic(root / outcome.rel, data)
    except OSError as exc:
        outcome.changed = False
        outcome.problems.append(Problem(outcome.rel, 0, 0, "error", "not-written",
                                        _("could not write the file ({error}); it is "
                                          "unchanged").format(error=exc.strerror)))
    return outcome


def _unsafe(text: str, formatted: str, before: Any) -> str | None:
    """Why the formatted text may not replace the original, or None when it may."""
    try:
        after = yamlsafe.parse(formatted)[0]
    except yamlsafe.YamlError:
        after = object()
    if after != before:
        return _("formatting would change the data (a bug in fmt; please report it)")
    if yamlfmt.comment_texts(formatted) != yamlfmt.comment_texts(text):
        return _("formatting would lose or duplicate a comment (a bug in fmt; please report it)")
    return None


def dataset_files(root: Path) -> tuple[list[str], list[Problem]]:
    """Every case, organization, action and coalition file: what `fmt` with no paths formats."""
    files, problems = [], []
    for folder in KIND_OF_FOLDER:
        names, p = loader.list_yaml(root, folder)
        files += names
        problems += p
    return files, problems


def format_paths(root: Path, paths: list[str] | None = None,
                 check: bool = False) -> list[Formatted]:
    """Format the files at `paths` (folders: their .yaml files), or every case, organization,
    action and coalition file."""
    out: list[Formatted] = []
    files: list[str] = []
    if not paths:
        files, problems = dataset_files(root)
        out += [Formatted(p.file, problems=[p]) for p in problems]
    for path in paths or []:
        rel = relative(root, path)
        if rel is None:
            out.append(Formatted(path, problems=[Problem(path, 0, 0, "error", "not-formatted",
                                                         _("the file is outside the dataset "
                                                           "folder"))]))
        elif rel in KIND_OF_FOLDER:
            names, problems = loader.list_yaml(root, rel)
            files += names
            out += [Formatted(p.file, problems=[p]) for p in problems]
        else:
            files.append(rel)
    # formatted on every core from a few hundred files (10 ms a file), written here
    found = fork_map(functools.partial(_formatted, root), list(dict.fromkeys(files)))
    return _outcomes_unnamed(root, out + [_written(root, *each, check) for each in found])


def _outcomes_unnamed(root: Path, outcomes: list[Formatted]) -> list[Formatted]:
    """`outcomes` with every path that may name a withheld person (an action or a stray file
    named after them, one given on the command line too) said as validate says it: by its
    `unnamed_file` placeholder, which fmt prints in its place."""
    # only the paths fmt prints: asking of one under actions/ reads the names of every case
    # file the clean cache does not know to be a public person's (`disk_named`)
    files = [o.rel for o in outcomes if o.changed] + [p.file for o in outcomes
                                                      for p in o.problems]
    if not files:
        return outcomes
    named = disk_named(root)
    if not any(named.holds(f) for f in files):
        return outcomes
    number = named.numbers(files)
    return [Formatted(unnamed_as(o.rel, number[o.rel], named.unread) if o.rel in number else o.rel,
                      o.changed, said_unnamed(o.problems, named, number)) for o in outcomes]
