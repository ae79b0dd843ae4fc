"""Files to models: reading the dataset safely and turning every failure into a located Problem.

The fast path parses a file once without positions; only a file with something to report is parsed
again with positions (`place`). Bytes come from the working tree here or from git blobs (`history`),
so everything below `read_file` works on bytes.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import N_, _
from kremlinlist.files import yaml_misreadings, yaml_mistakes, yamlsafe
from kremlinlist.files.quotable import may_quote
from kremlinlist.files.letters import place_letter
from kremlinlist.files.name_scripts import mixed_script_name
from kremlinlist.files.schema_messages import data_path, describe, schema_findings
from kremlinlist.model import dates
from kremlinlist.model.case import Case, Config, Criteria, Organization
from kremlinlist.model.intake import IntakeFile
from kremlinlist.model.kinds import KINDS as FILE_KINDS
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.files.layout import (CASES_DIR, CONFIG_FILE, CRITERIA_FILE, DATA_FOLDERS,
                                      MAX_FILE_BYTES, ORGS_DIR)


KINDS = {**FILE_KINDS, "intake": IntakeFile}


class FileRefused(Exception):
    """A file that is not read at all: a link, a directory, a device, too large."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def read_file(root: Path, rel: str) -> bytes:
    """The bytes of a regular file inside the dataset; links are never followed."""
    return read_with_status(root, rel)[0]


def settings_bytes(root: Path) -> tuple[bytes, bytes]:
    """criteria.yaml's and kremlinlist.yaml's bytes, empty where missing or refused: what the
    clean cache's verdicts depend on, so its key, for every command that opens it."""
    found = []
    for rel in (CRITERIA_FILE, CONFIG_FILE):
        try:
            found.append(read_file(root, rel))
        except FileRefused:
            found.append(b"")
    return found[0], found[1]


def read_with_status(root: Path | str, rel: str) -> tuple[bytes, os.stat_result]:
    """`read_file`, with the status the file had before it was read (its one lstat)."""
    path = os.path.join(root, rel)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise FileRefused("missing-file", _("the file does not exist")) from None
    except OSError:
        raise FileRefused("unreadable", _("the file cannot be read (permissions or an I/O "
                                          "error); check who owns it")) from None
    if stat.S_ISLNK(st.st_mode):
        raise FileRefused("symlink", _("the file is a symbolic link, which is not followed (it "
                                       "could point outside the dataset); replace it with the "
                                       "file itself"))
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused("not-a-file", _("not a regular file; remove it or put a YAML file "
                                          "here"))
    if st.st_size > MAX_FILE_BYTES:
        raise FileRefused("file-too-large", _("the file is larger than {kib} KiB; a case fits "
                                              "in a few KiB: split or trim it").format(
                                                  kib=MAX_FILE_BYTES // 1024))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            data = b""
            while len(data) <= MAX_FILE_BYTES and (more := os.read(fd, MAX_FILE_BYTES + 1
                                                                   - len(data))):
                data += more
        finally:
            os.close(fd)
    except OSError:
        raise FileRefused("unreadable", _("the file cannot be read (permissions or an I/O "
                                          "error); check who owns it")) from None
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused("file-too-large", _("the file is larger than {kib} KiB").format(
            kib=MAX_FILE_BYTES // 1024))
    return data, st


def read_head(root: Path | str, rel: str, size: int, largest: int) -> bytes | None:
    """The first `size` bytes of a regular file of at most `largest` bytes, or None (a link, a
    folder, a pipe, a larger file, one that cannot be read): a glance at what a file is, which
    never follows a link nor waits on a pipe."""
    path = os.path.join(root, rel)
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > largest:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
        try:
            return os.read(fd, size)
        finally:
            os.close(fd)
    except OSError:
        return None


# Folders whose files are a tool's, never the dataset's, by name: git's own, npm's, Python's
_TOOLS_FOLDERS = frozenset({".git", "node_modules", "__pycache__"})
# The first bytes of a CACHEDIR.TAG (bford.info/cachedir): pytest, mypy and ruff write one
_CACHE_TAG = b"Signature: 8a477f597d28d172789f06886806bc55"


def files_under(root: Path) -> list[str]:
    """Every file and link under `root` (relative, with `/`), no link followed: all a dataset
    outside git holds, where no `git ls-files` says what would be committed. Left out are the
    folders a tool fills, known by a mark that tool leaves: `.git`, `node_modules` and
    `__pycache__` by name, a virtual environment by its `pyvenv.cfg` (`.venv`, `venv`, any
    name) and a cache by its CACHEDIR.TAG (as tar --exclude-caches does). Hidden folders are
    walked (`.age/key.txt` is the key to find, and git commits them), and no `.gitignore` is
    read: without git its rules (negations, nested files, globs) would be half read, and a
    folder left out wrongly could hide a key. A data folder is walked whole: no tool fills a
    folder in it, so `cases/node_modules/` or a `pyvenv.cfg` put in `cases/` hides nothing."""
    out = []
    for folder, dirs, files in os.walk(root):
        base = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if base == "." else base + "/"
        links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        out += [prefix + d for d in links]  # a link to a folder is listed, not walked
        in_data = base.split("/", 1)[0] in DATA_FOLDERS
        dirs[:] = [d for d in dirs if d not in links and (
            in_data or (not prefix and d in DATA_FOLDERS)
            or (d not in _TOOLS_FOLDERS and not _tools_own(os.path.join(folder, d))))]
        out += [prefix + name for name in files]
    return sorted(out)


def _tools_own(folder: str) -> bool:
    """Whether `folder` is a virtual environment or a tagged cache. Only a plain file's first
    bytes are read (a FIFO named CACHEDIR.TAG would block the walk)."""
    if os.path.isfile(os.path.join(folder, "pyvenv.cfg")):
        return True
    tag = os.path.join(folder, "CACHEDIR.TAG")
    try:
        if not stat.S_ISREG(os.lstat(tag).st_mode):
            return False
        with open(tag, "rb") as f:
            return f.read(len(_CACHE_TAG)) == _CACHE_TAG
    except OSError:
        return False


@dataclass
class Loaded:
    """One file's outcome. `model` is None when the file could not be read or validated."""

    rel: str
    data: Any = None
    model: BaseModel | None = None
    problems: list[Problem] = field(default_factory=list)
    text: str | None = None

    def place(self, findings: list[Finding]) -> list[Problem]:
        """Findings to Problems; the file is parsed with positions only if there are findings."""
        spots = self.locate([(f.path, f.at_key) for f in findings])
        out = []
        for f, (line, column) in zip(findings, spots):
            column, message = place_letter(f, self.text or "", line, column)  # a letter's own
            out.append(Problem(self.rel, line, column, f.severity, f.code, message))
        return out

    def locate(self, paths: list[tuple[tuple, bool]]) -> list[tuple[int, int]]:
        """Line and column of each (path, at its key?) in the file, as a finding there is placed;
        the file is parsed with positions only if one is asked for."""
        if not paths:
            return []
        positions = None
        if self.text is not None:
            try:
                positions = yamlsafe.parse(self.text, track=True)[1]
            except yamlsafe.YamlError:
                positions = None
        return [yamlsafe.within(self.text or "",
                                *(positions.locate(path, at_key) if positions else (1, 1)))
                for path, at_key in paths]


def place_findings(root: Path, findings: dict[str, list[Finding]]) -> list[Problem]:
    """Place findings from checks across files, reading each file concerned once more."""
    out: list[Problem] = []
    for rel, fs in findings.items():
        try:
            loaded = load_bytes(rel, read_file(root, rel), "case")
        except FileRefused:
            continue
        out += loaded.place(fs)
    return out


def refused(rel: str, exc: FileRefused) -> Loaded:
    return Loaded(rel, problems=[Problem(rel, 0, 0, "error", exc.code, exc.message)])


def load_bytes(rel: str, data: bytes, kind: str,
               model_if: Callable[[dict], bool] | None = None, today: date | None = None) -> Loaded:
    """Parse and validate one file's bytes as a `kind` (case, organization, criteria, config).
    A mapping `model_if` turns down is only parsed: what a caller that needs no model of it keeps.
    `today`: the dataset's day, for the messages that depend on it (`schema_findings`)."""
    text, findings = yamlsafe.decode(data)
    if findings:
        problems = [Problem(rel, f.line, f.column, "error", f.code, f.message) for f in findings]
        if [f.code for f in findings] == ["bom"]:
            problems += _after_the_mark(rel, text, kind)
        return Loaded(rel, problems=problems)
    loaded = Loaded(rel, text=text)
    try:
        loaded.data = yamlsafe.parse(text)[0]
    except yamlsafe.YamlError as exc:
        e = yaml_mistakes.explained(text, exc, kind)
        loaded.problems.append(Problem(rel, e.line, e.column, "error", e.code, e.message))
        return loaded
    except RecursionError:  # pragma: no cover - the depth cap comes first
        loaded.problems.append(Problem(rel, 1, 1, "error", "yaml-too-deep",
                                       _("nesting too deep")))
        return loaded
    if model_if is not None and isinstance(loaded.data, dict) and not model_if(loaded.data):
        return loaded
    emptied, misread = yaml_misreadings.read_again(rel, text, kind)
    loaded.problems += [p for _path, p in emptied] + misread
    cls = KINDS[kind]
    if loaded.data is None:
        loaded.problems.append(Problem(rel, 1, 1, "error", "empty-file",
                                       _(_EMPTY[kind]).format(example=_EXAMPLE[kind])))
        return loaded
    if not isinstance(loaded.data, dict):
        loaded.problems.append(Problem(rel, 1, 1, "error", "not-a-mapping",
                                       _(_NOT_A_MAPPING[kind]).format(
                                           example=_EXAMPLE[kind], found=describe(loaded.data))))
        return loaded
    findings = (mixed_script_name(loaded.data, lambda: may_quote(kind, text), kind == "case")
                if kind in ("case", "organization") else [])
    try:
        loaded.model = cls.model_validate(loaded.data)
    except ValidationError as exc:
        found = schema_findings(exc, cls, loaded.data, may_quote(kind, text), today)
        # a value a `#` emptied: its cause is said at the `#`, not "field required" again
        cut = {p for p, _ in emptied}  # a set: a file of 20,000 such values took 24 s
        found = [f for f in found if not any(f.path[:i] in cut for i in range(len(f.path) + 1))]
        findings += _explain_misplaced(found, loaded.data, text) if kind == "case" else found
    loaded.problems.extend(loaded.place(findings))
    return loaded


def _after_the_mark(rel: str, text: str, kind: str) -> list[Problem]:
    """What `fmt`, which deletes a byte-order mark, says of the text after it and leaves
    unformatted (yaml_mistakes.unformattable). Said beside `bom` at the same places (the mark is
    no column an editor shows), so that validate and fmt agree; the file is still not read any
    further."""
    return yaml_mistakes.unformattable(rel, text, kind)[1]


def _explain_misplaced(findings: list[Finding], data: Any, text: str) -> list[Finding]:
    """Schema findings with those a misplaced key explains replaced by that explanation; a key
    starting with a no-break space is explained by yaml_misreadings.read_again already."""
    findings = [f for f in findings if not (f.code == "unknown-key" and f.path
                                            and str(f.path[-1])[:1] == "\xa0")]
    explaining, paths = yaml_mistakes.misplaced_source_fields(data, text)
    if not explaining:
        return findings
    kept = [f for f in findings if not any(f.path[:len(p)] == p for p in paths)]
    return explaining + kept


_EXAMPLE = {"case": "id: petrenko-ivan", "organization": "id: ccl",
            "criteria": "criteria: [...]", "config": "repository: public",
            "action": "id: 2018-05-open-letter", "coalition": "id: ccpk",
            "intake": "id: r-0123456789abcdef"}
# One sentence per kind of file, so that a language whose words for "case file" and "a mapping"
# change with their place in the sentence can say each whole.
_EMPTY = {
    "case": N_("the file is empty; a case file is a mapping such as `{example}`"),
    "organization": N_("the file is empty; an organization file is a mapping such as `{example}`"),
    "criteria": N_("the file is empty; a criteria file is a mapping such as `{example}`"),
    "config": N_("the file is empty; a config file is a mapping such as `{example}`"),
    "action": N_("the file is empty; an action file is a mapping such as `{example}`"),
    "coalition": N_("the file is empty; a coalition file is a mapping such as `{example}`"),
    "intake": N_("the file is empty; an intake report is a mapping such as `{example}`"),
}
_NOT_A_MAPPING = {
    "case": N_("a case file is a mapping of keys such as `{example}`, not {found}"),
    "organization": N_("an organization file is a mapping of keys such as `{example}`, not "
                       "{found}"),
    "criteria": N_("a criteria file is a mapping of keys such as `{example}`, not {found}"),
    "config": N_("a config file is a mapping of keys such as `{example}`, not {found}"),
    "action": N_("an action file is a mapping of keys such as `{example}`, not {found}"),
    "intake": N_("an intake report is a mapping of keys such as `{example}`, not {found}"),
    "coalition": N_("a coalition file is a mapping of keys such as `{example}`, not {found}"),
}


def list_yaml(root: Path, folder: str) -> tuple[list[str], list[Problem]]:
    """The `.yaml` files of a dataset folder, and problems with anything else found there."""
    base = root / folder
    problems: list[Problem] = []
    if os.path.islink(base):
        return [], [Problem(folder, 0, 0, "error", "symlink",
                            _("`{folder}/` is a symbolic link, which is not followed; make it a "
                              "folder").format(folder=folder))]
    if not base.is_dir():
        if os.path.lexists(base):  # a file where the folder should be: nothing of it is read
            return [], [Problem(folder, 0, 0, "error", "not-a-folder",
                                _("`{folder}/` is a file, not a folder, so no file of it is "
                                  "read; make it a folder").format(folder=folder))]
        return [], []
    names = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return [], [Problem(folder, 0, 0, "error", "unreadable",
                            _("`{folder}/` cannot be read (permissions or an I/O error)")
                            .format(folder=folder))]
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.name.endswith(".yaml"):
            names.append(f"{folder}/{entry.name}")
        elif (odd := entry_problem(folder, entry.name, entry.is_dir(follow_symlinks=False))):
            problems.append(odd)
    names.sort()
    return names, problems


def entry_problem(folder: str, name: str, is_dir: bool) -> Problem | None:
    """What is wrong with an entry of a dataset folder that is not a `.yaml` file read there: a
    `.yml` or `.YAML` file, or a folder (whose files are never read: a person filed there would be left
    out of the list). Said alike of a folder on disk and at a commit (a release's check)."""
    rel = f"{folder}/{name}"
    if name.startswith(".") or name.endswith(".yaml"):
        return None
    if name.lower().endswith((".yml", ".yaml")):  # `.yml`, or `.YAML`: neither is read
        return Problem(rel, 0, 0, "error", "file-extension",
                       _("rename the file to end in `.yaml`, in lower case; `.yml` and `.YAML` "
                         "files are not read"))
    if is_dir:
        return Problem(rel, 0, 0, "error", "stray-folder",
                       _("folders inside `{folder}/` are not read; move its files up into "
                         "`{folder}/`").format(folder=folder))
    return None


def load_file(root: Path, rel: str, kind: str) -> Loaded:
    try:
        return load_bytes(rel, read_file(root, rel), kind)
    except FileRefused as exc:
        return refused(rel, exc)


def load_config(root: Path) -> tuple[Config, list[Problem]]:
    if not os.path.lexists(root / CONFIG_FILE):
        return Config(), []
    loaded = load_file(root, CONFIG_FILE, "config")
    return (loaded.model or Config()), loaded.problems  # type: ignore[return-value]


def checked_config(root: Path, code: str) -> Config:
    """kremlinlist.yaml, refused (`code`) when it has problems: read as the defaults, a broken one
    would say the repository is public and name no recipients, so that sealing and intake would
    seal for no one or write private text in plain."""
    config, problems = load_config(root)
    if problems:
        raise KremlinlistError(code, _("kremlinlist.yaml has problems; run `kremlinlist validate` "
                                       "first"), problems=problems)
    return config


def today(root: Path):
    """Today in the dataset's time zone (kremlinlist.yaml), the day the list's counts use."""
    return dates.today(load_config(root)[0].timezone)


MISSING_CRITERIA = Problem(CRITERIA_FILE, 0, 0, "error", "missing-file",
                           N_("criteria.yaml is missing at the dataset root; it holds the PACE "
                              "criteria, signs and exclusion grounds the rules check against"))


def missing_criteria() -> Problem:
    """MISSING_CRITERIA in the current language."""
    return replace(MISSING_CRITERIA, message=_(MISSING_CRITERIA.message))


def load_criteria(root: Path) -> tuple[Criteria | None, list[Problem]]:
    if not os.path.lexists(root / CRITERIA_FILE):
        return None, [missing_criteria()]
    loaded = load_file(root, CRITERIA_FILE, "criteria")
    return loaded.model, loaded.problems  # type: ignore[return-value]


__all__ = ["Case", "Organization", "Loaded", "load_bytes", "load_file", "read_file", "list_yaml",
           "load_config", "load_criteria", "FileRefused", "schema_findings", "data_path"]
