"""Files to models: reading the dataset safely and turning every failure into a located Problem.

The fast path parses a file once without positions; only a file with something to report is parsed
again with positions (`place`). Bytes come from the working tree here or from git blobs (`history`),
so everything below `read_file` works on bytes.
"""

from __future__ import annotations

import difflib
import os
import stat
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kremlinlist.files import yamlsafe
from kremlinlist.model import dates
from kremlinlist.model.case import KINDS as CASE_KINDS, Case, Config, Criteria, Organization
from kremlinlist.model.intake import IntakeFile
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.files.layout import (CASES_DIR, CONFIG_FILE, CRITERIA_FILE, MAX_FILE_BYTES,
                                      ORGS_DIR)


KINDS = {**CASE_KINDS, "intake": IntakeFile}


class FileRefused(Exception):
    """A file that is not read at all: a link, a directory, a device, too large."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def read_file(root: Path, rel: str) -> bytes:
    """The bytes of a regular file inside the dataset; links are never followed."""
    path = root / rel
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise FileRefused("missing-file", "the file does not exist") from None
    except OSError:
        raise FileRefused("unreadable", "the file cannot be read (permissions or an I/O error); "
                          "check who owns it") from None
    if stat.S_ISLNK(st.st_mode):
        raise FileRefused("symlink", "the file is a symbolic link, which is not followed (it could "
                          "point outside the dataset); replace it with the file itself")
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused("not-a-file", "not a regular file; remove it or put a YAML file here")
    if st.st_size > MAX_FILE_BYTES:
        raise FileRefused("file-too-large", f"the file is larger than {MAX_FILE_BYTES // 1024} KiB; "
                          "a case fits in a few KiB: split or trim it")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise FileRefused("unreadable", "the file cannot be read (permissions or an I/O error); "
                          "check who owns it") from None
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused("file-too-large", f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")
    return data


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
        if not findings:
            return []
        positions = None
        if self.text is not None:
            try:
                positions = yamlsafe.parse(self.text, track=True)[1]
            except yamlsafe.YamlError:
                positions = None
        out = []
        for f in findings:
            line, column = positions.locate(f.path, f.at_key) if positions else (1, 1)
            line, column = yamlsafe.within(self.text or "", line, column)
            out.append(Problem(self.rel, line, column, f.severity, f.code, f.message))
        return out


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


def load_bytes(rel: str, data: bytes, kind: str) -> Loaded:
    """Parse and validate one file's bytes as a `kind` (case, organization, criteria, config)."""
    text, findings = yamlsafe.decode(data)
    if findings:
        return Loaded(rel, problems=[Problem(rel, f.line, f.column, "error", f.code, f.message)
                                     for f in findings])
    loaded = Loaded(rel, text=text)
    try:
        loaded.data = yamlsafe.parse(text)[0]
    except yamlsafe.YamlError as e:
        loaded.problems.append(Problem(rel, e.line, e.column, "error", e.code, e.message))
        return loaded
    except RecursionError:  # pragma: no cover - the depth cap comes first
        loaded.problems.append(Problem(rel, 1, 1, "error", "yaml-too-deep", "nesting too deep"))
        return loaded
    cls = KINDS[kind]
    if loaded.data is None:
        loaded.problems.append(Problem(rel, 1, 1, "error", "empty-file",
                                       f"the file is empty; a {kind} file is a mapping such as "
                                       f"`{_EXAMPLE[kind]}`"))
        return loaded
    if not isinstance(loaded.data, dict):
        loaded.problems.append(Problem(rel, 1, 1, "error", "not-a-mapping",
                                       f"a {kind} file is a mapping of keys such as "
                                       f"`{_EXAMPLE[kind]}`, not {_describe(loaded.data)}"))
        return loaded
    try:
        loaded.model = cls.model_validate(loaded.data)
    except ValidationError as exc:
        loaded.problems.extend(loaded.place(schema_findings(exc, cls, loaded.data)))
    return loaded


_EXAMPLE = {"case": "id: petrenko-ivan", "organization": "id: ccl",
            "criteria": "criteria: [...]", "config": "repository: public",
            "intake": "id: r-0123456789abcdef"}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return "text"


_PATTERN_HINTS = {
    "citizenship": "write an ISO 3166-1 country code in capitals, e.g. UA",
    "country": "write an ISO 3166-1 country code in capitals, e.g. UA",
    "region": "write an ISO 3166-2 region code, e.g. UA-43 (Crimea), UA-14 (Donetsk region)",
    "articles": "write an article as COUNTRY-CODE-article, e.g. RU-CC-205.5-2",
    "url": "write a full http(s) address, e.g. https://example.org/page",
    "website": "write a full http(s) address, e.g. https://example.org",
    "key": "write an age public key (age1...) or an SSH public key (ssh-ed25519 ... or ssh-rsa ...)",
    "sealed": "a sealed block is an armored age message, as `kremlinlist seal` writes it; restore "
              "it from git history",
    "sealed_for": "write the 16-hex-digit key fingerprints `kremlinlist seal` writes",
}
_MISSING_HINTS = {
    "id": "the file name without .yaml, e.g. `id: petrenko-ivan`",
    "en": "the name in English, e.g. `en: Ivan Petrenko`",
    "assessment": "e.g. `assessment: {decision: candidate, by: [ccl]}`",
    "decision": "one of candidate, listed, delisted",
    "title": "the source's title as published",
    "type": "the event type, e.g. `type: detained`",
    "country": "an ISO country code, e.g. `country: UA`",
    "criteria": "the list of PACE criteria a-e",
    "name": "e.g. `name: {en: ..., uk: ...}`",
    "text": "e.g. `text: {en: ..., uk: ...}`",
    "uk": "the text in Ukrainian",
}
_TYPE_WORDS = {
    "string_type": "text", "dict_type": "a mapping (indented `key: value` lines)",
    "model_type": "a mapping (indented `key: value` lines)",
    "model_attributes_type": "a mapping (indented `key: value` lines)",
    "list_type": "a list (`- item` lines or `[a, b]`)",
}


def _unwrap(tp: Any) -> list[Any]:
    """The classes a type annotation may hold (through Optional, list, dict, Annotated)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for a in typing.get_args(tp) for c in _unwrap(a)]
    if origin in (list, tuple):
        return _unwrap(typing.get_args(tp)[0])
    if origin is dict:
        return _unwrap(typing.get_args(tp)[1])
    return [tp]


def _walk(cls: type[BaseModel], path: tuple) -> tuple[type[BaseModel] | None, str]:
    """Follow `path` through the models: the model validating the mapping at its end, and the last
    field name on it (a key the researcher chose, such as a source id, is never a field name)."""
    name = "this item"
    options: list[Any] = [cls]  # several where a block may be one of several models (sealed)
    for part in path:
        if isinstance(part, int) or not options:
            continue
        found = [m for m in options if part in m.model_fields]
        if not found:
            continue  # a dict key such as a source id: `options` already hold its value type
        name = part
        options = [c for c in _unwrap(found[0].model_fields[part].annotation)
                   if isinstance(c, type) and issubclass(c, BaseModel)]
    return (options[0] if options else None), name


def _data_path(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """Map a pydantic loc to a path in the data, dropping union tags; True if it names a key."""
    path: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif part == "[key]":
            return tuple(path), True
        elif isinstance(node, dict) and isinstance(part, str) and part.isidentifier():
            path.append(part)  # a missing key
            node = None
    return tuple(path), False


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def schema_findings(exc: ValidationError, cls: type[BaseModel], data: Any) -> list[Finding]:
    out = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        path, names_key = _data_path(data, loc)
        private = bool(path) and path[0] in ("private", "report")  # report: an intake file's
        name = _walk(cls, path)[1]
        ctx = err.get("ctx") or {}
        if kind == "missing":
            field_name = str(loc[-1])
            parent = path[:-1] if path and path[-1] == field_name else path
            hint = _MISSING_HINTS.get(field_name, "")
            out.append(Finding(parent, "error", "missing-key",
                               f"`{field_name}` is required here; add it" + (f": {hint}" if hint else ""),
                               at_key=bool(parent)))
        elif kind == "extra_forbidden":
            model = _walk(cls, path[:-1])[0]
            allowed = sorted(model.model_fields) if model else []
            key = str(loc[-1])
            if private:
                msg = "unknown key in the private block"
            else:
                msg = "unknown key"  # never the key: a researcher wrote it
                close = difflib.get_close_matches(key, allowed, n=1)
                if close:
                    msg += f"; did you mean `{close[0]}`?"
            if allowed:
                msg += (" Keys" if msg.endswith("?") else "; keys") + \
                    f" allowed here: {', '.join(allowed)}"
            out.append(Finding(path, "error", "unknown-key", msg, at_key=True))
        elif kind == "literal_error":
            out.append(Finding(path, "error", "invalid-value",
                               f"`{name}` must be one of {ctx.get('expected', 'the listed values')}"))
        elif kind == "string_pattern_mismatch":
            hint = _PATTERN_HINTS.get(name, "the value does not have the expected form")
            out.append(Finding(path, "error", "invalid-value", f"`{name}`: {hint}"))
        elif kind in _TYPE_WORDS:
            found = _describe(_value_at(data, path))
            out.append(Finding(path, "error", "wrong-type",
                               f"`{name}` should be {_TYPE_WORDS[kind]}, not {found}"))
        elif kind == "string_too_long" and name in _PATTERN_HINTS:
            out.append(Finding(path, "error", "invalid-value", f"`{name}`: {_PATTERN_HINTS[name]}"))
        elif kind == "string_too_long":
            out.append(Finding(path, "error", "too-long",
                               f"`{name}` is too long: at most {ctx.get('max_length')} characters"))
        elif kind in ("string_too_short", "too_short"):
            out.append(Finding(path, "error", "empty-value", f"`{name}` must not be empty"))
        elif kind == "value_error":
            msg = str(err["msg"]).removeprefix("Value error, ")
            where = f"`{name}`: " if path else ""
            if names_key:
                msg = "this key: " + msg
            out.append(Finding(path, "error", "invalid-value", where + msg, at_key=names_key))
        else:
            out.append(Finding(path, "error", "invalid-value", f"`{name}`: {err['msg']}"))
    return out


def list_yaml(root: Path, folder: str) -> tuple[list[str], list[Problem]]:
    """The `.yaml` files of a dataset folder, and problems with anything else found there."""
    base = root / folder
    problems: list[Problem] = []
    if os.path.islink(base):
        return [], [Problem(folder, 0, 0, "error", "symlink",
                            f"`{folder}/` is a symbolic link, which is not followed; make it a "
                            "folder")]
    if not base.is_dir():
        return [], []
    names = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return [], [Problem(folder, 0, 0, "error", "unreadable",
                            f"`{folder}/` cannot be read (permissions or an I/O error)")]
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = f"{folder}/{entry.name}"
        if entry.name.endswith(".yaml"):
            names.append(rel)
        elif entry.name.endswith(".yml"):
            problems.append(Problem(rel, 0, 0, "error", "file-extension",
                                    "rename the file to end in `.yaml`; `.yml` files are "
                                    "not read"))
        elif entry.is_dir(follow_symlinks=False):
            problems.append(Problem(rel, 0, 0, "warning", "stray-folder",
                                    f"folders inside `{folder}/` are not read; move its files "
                                    f"up into `{folder}/`"))
    names.sort()
    return names, problems


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


def today(root: Path):
    """Today in the dataset's time zone (kremlinlist.yaml), the day the list's counts use."""
    return dates.today(load_config(root)[0].timezone)


MISSING_CRITERIA = Problem(CRITERIA_FILE, 0, 0, "error", "missing-file",
                           "criteria.yaml is missing at the dataset root; it holds the PACE "
                           "criteria, signs and exclusion grounds the rules check against")


def load_criteria(root: Path) -> tuple[Criteria | None, list[Problem]]:
    if not os.path.lexists(root / CRITERIA_FILE):
        return None, [MISSING_CRITERIA]
    loaded = load_file(root, CRITERIA_FILE, "criteria")
    return loaded.model, loaded.problems  # type: ignore[return-value]


__all__ = ["Case", "Organization", "Loaded", "load_bytes", "load_file", "read_file", "list_yaml",
           "load_config", "load_criteria", "FileRefused"]
