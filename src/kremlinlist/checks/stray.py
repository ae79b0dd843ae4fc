"""The files git would commit that validate never reads as data: a stray file in a data folder (a
form's plaintext export beside the sealed reports, a note, a merge's `.orig`), which would be
pushed unchecked, and a secret key anywhere in the dataset (an age identity or an SSH key given to
`--identity`), which opens every sealed block for whoever reads the repository. Only a file's
name is said, never what it holds."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.checks.advocacy import unnamed_file
from kremlinlist.files import loader
from kremlinlist.files.layout import DATA_FOLDERS, INTAKE_SALT_FILE, is_dataset_file

HEAD_BYTES = 4096  # a key says what it is in its first line, after an age identity's comments
LARGEST_KEY = 64 * 1024  # above any key file's size: a larger file is not opened
# The first bytes of a secret key: an age identity (`age-keygen` writes `# created:` and
# `# public key:` lines above it), a PEM private key (OpenSSH, RSA, EC, PKCS#8, PGP) or PuTTY's
_SECRET_KEY = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:#[^\n]*\n\s*)*(?:AGE-SECRET-KEY-1[0-9A-Z]{50}"
                         rb"|-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
                         rb"|PuTTY-User-Key-File-)")
# The hidden files a tool keeps in a data folder, the only ones that are not the data's: the salt
# of the intake reports' ids, and git's placeholder that keeps an empty folder. Any other (a
# form's export saved as `.export.csv`, an editor's or a crashed write's left-over copy of a case)
# is a stray file like any: it too would be pushed unchecked.
TOOL_FILES = frozenset({INTAKE_SALT_FILE, *(f"{folder}/.gitkeep" for folder in DATA_FOLDERS)})


def stray_file(rel: str) -> Problem | None:
    """A file in a data folder that validate does not read: not a `.yaml` one, or one with a
    hidden name or in a hidden folder, which the folder's listing passes over (only TOOL_FILES
    are not the data's); a `.yml` or `.YAML` file is `file-extension`'s, said as the folder's
    listing says it (so once, and counted as a file checked), a `.yaml` one in a subfolder
    `stray-folder`'s. A `.yaml.txt` is a case Notepad saved as a text document: it is to be
    renamed, not moved out."""
    folder, sep, rest = rel.partition("/")
    subfolder, _slash, name = rest.rpartition("/")
    lower = name.lower()
    if not sep or folder not in DATA_FOLDERS or rel in TOOL_FILES:
        return None
    if any(part.startswith(".") for part in rest.split("/")):
        return Problem(rel, 0, 0, "error", "stray-file", _(
            "the name of this file (or of a folder it is in) starts with a dot, so validate "
            "never reads it, yet git would commit it as it is: move it out of the dataset or "
            "delete it (a form's export is read by `kremlinlist intake import` from anywhere)"))
    if lower.endswith((".yaml", ".yml")):
        return None if subfolder else loader.entry_problem(folder, name, False)
    if lower.endswith((".yaml.txt", ".yml.txt")):
        return Problem(rel, 0, 0, "error", "stray-file", _(
            "the name ends in `.txt` (Notepad adds it to a file saved as a text document), so "
            "validate never reads this file, yet git would commit it as it is: rename it so "
            "that its name ends in `.yaml`"))
    return Problem(rel, 0, 0, "error", "stray-file", _(
        "validate reads only the `.yaml` files in this folder, so this file is never checked, "
        "yet git would commit it as it is: move it out of the dataset (a form's export is read "
        "by `kremlinlist intake import` from anywhere) or delete it"))


def converted_file(rel: str) -> Problem:
    """A data file git changes between the commit and the checkout (`git.converted`)."""
    return Problem(rel, 0, 0, "error", "converted-file", _(
        "a `.gitattributes` makes git change this file's bytes between the commit and the "
        "checkout (working-tree-encoding, filter or ident), so validate would check other bytes "
        "than the commit holds: remove that attribute for the dataset's files"))


def secret_key(root: Path, rel: str) -> Problem | None:
    """`rel`, when its first bytes are a secret key's (read only a small file's first KiB)."""
    head = loader.read_head(root, rel, HEAD_BYTES, LARGEST_KEY)
    return None if head is None else secret_key_in(rel, head)


def secret_key_in(rel: str, data: bytes) -> Problem | None:
    """`rel` when `data` (its first bytes, or all of them) is a secret key: a file larger than
    any key is not one."""
    if len(data) > LARGEST_KEY:
        return None
    if not _SECRET_KEY.match(data[:HEAD_BYTES]):
        return None
    return Problem(rel, 0, 0, "error", "secret-key-in-dataset", _(
        "this file is a secret key (an age identity or a private SSH key): whoever reads the "
        "repository could open every sealed block with it. Move it out of the dataset (e.g. to "
        "~/.config/kremlinlist/) and pass it with --identity; if it was ever committed or pushed, "
        "make a new key, replace the old one in `recipients:` and run `kremlinlist seal`"))


def unread_problems(root: Path, rels: Iterable[str], problems: list[Problem]) -> list[Problem]:
    """The stray files, cases outside `cases/` and secret keys among `rels`."""
    return [p for found in unread_by_file(root, rels, problems).values() for p in found]


def unread_by_file(root: Path, rels: Iterable[str],
                   problems: list[Problem]) -> dict[str, list[Problem]]:
    """The stray files, cases outside `cases/` and secret keys among `rels` (files git would
    commit, or the change's), by the path looked at (a withheld person's misplaced case is said
    of the dataset, not of its path); of the data files validate reads, only those `problems`
    says did not read as a mapping (as a key does not) are looked at."""
    suspects = {p.file for p in problems if p.code == "not-a-mapping"}
    out: dict[str, list[Problem]] = {}
    unnamed = 0  # the withheld persons' cases outside cases/ said so far
    for rel in rels:
        if is_dataset_file(rel) and rel not in suspects:
            continue
        found = []
        if (stray := stray_file(rel)) is not None and os.path.lexists(root / rel):
            found.append(stray)
        if (key := secret_key(root, rel)) is not None:
            found.append(key)
        elif (case := misplaced_case(root, rel, unnamed + 1)) is not None:
            found.append(case)
            unnamed += case.file != rel
        if found:
            out[rel] = found
    return out


# A case's top-level keys, as a file of its own writes them: `id`, and `events` or `name`
_KEY = rb"^(?:\xef\xbb\xbf)?[\"']?%s[\"']?[ \t]*:"
_CASE_ID = re.compile(_KEY % rb"id", re.M)
_CASE_BODY = re.compile(_KEY % rb"(?:events|name)", re.M)
_PUBLIC = re.compile((_KEY % rb"publicity") + rb"[ \t]*[\"']?public[\"']?[ \t]*(?:#[^\n]*)?\r?$",
                     re.M)
_PUBLICITY = re.compile(_KEY % rb"publicity", re.M)


def misplaced_case(root: Path, rel: str, n: int = 1) -> Problem | None:
    """A `.yaml` or `.yml` file at the dataset's root (but its settings files) or in a folder
    of the root that is no data folder (`case/`, `Cases/`), that holds a case's keys: validate
    reads cases only in `cases/`, so the person would be left out unchecked and unlisted. Only
    these few files are read, their keys glanced at as lines (a file that does not parse is a
    case all the same). A withheld person's (a `publicity` not `public`) is said of the dataset,
    numbered `n`: its name, or its folder's, may name the person."""
    folder, _slash, name = rel.rpartition("/")
    if "/" in folder or folder in DATA_FOLDERS or name.startswith(".") or folder.startswith(".") \
            or not name.lower().endswith((".yaml", ".yml")) or is_dataset_file(rel):
        return None
    head = loader.read_head(root, rel, loader.MAX_FILE_BYTES, loader.MAX_FILE_BYTES)
    if head is None or not _CASE_ID.search(head) or not _CASE_BODY.search(head):
        return None
    if _PUBLICITY.search(head) and not _PUBLIC.search(head):  # nor its folder: `moroz-oksana/`
        return Problem(unnamed_file(n, "."), 0, 0, "error", "stray-file", _(
            "a file outside `cases/` holds the case of a withheld person, but validate reads "
            "cases only in `cases/`, so it is never checked and the person is left off the "
            "list: move it into `cases/`, named after its id with `.yaml` (neither the file nor "
            "its folder is named here, as their names may name the person; `git status` lists "
            "the file)"))
    return Problem(rel, 0, 0, "error", "stray-file", _(
        "this file holds a case, but validate reads cases only in `cases/`, so it is never "
        "checked and the person is left off the list: move it into `cases/`, named after its "
        "id with `.yaml`"))


def subfolders(rels: Iterable[str]) -> set[str]:
    """The folders inside a data folder that hold some of `rels` (`cases/old/x.csv`:
    `cases/old`), where `stray-folder` is said."""
    return {"/".join(parts[:2]) for rel in rels
            if len(parts := rel.split("/")) > 2 and parts[0] in DATA_FOLDERS}
