"""`kremlinlist fmt`: rewrite dataset files in the canonical layout, only when the data and the
comments come out unchanged, so a bug in the formatter can never lose a value or a comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kremlinlist.base.atomic import write_atomic
from kremlinlist.base.problem import Problem
from kremlinlist.files import loader, yamlfmt, yamlsafe
from kremlinlist.files.layout import KIND_OF_FOLDER, dataset_path_or_none as relative, kind_of


@dataclass
class Outcome:
    rel: str
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)


def format_file(root: Path, rel: str, check: bool = False) -> Outcome:
    """Format one dataset file in place (or, with `check`, only say whether it would change)."""
    outcome = Outcome(rel)
    kind = kind_of(rel)
    if kind is None:
        outcome.problems.append(Problem(rel, 0, 0, "error", "not-formatted",
                                        "not a dataset file: fmt formats cases/*.yaml, "
                                        "organizations/*.yaml, criteria.yaml and kremlinlist.yaml"))
        return outcome
    try:
        data = loader.read_file(root, rel)
        text = yamlsafe.read_text(data)
        before = yamlsafe.parse(text)[0]
    except loader.FileRefused as exc:
        outcome.problems = loader.refused(rel, exc).problems
        return outcome
    except yamlsafe.YamlError as exc:
        outcome.problems.append(Problem(rel, exc.line, exc.column, "error", exc.code,
                                        exc.message + " (the file was not formatted)"))
        return outcome
    if not isinstance(before, dict):
        outcome.problems.append(Problem(rel, 1, 1, "error", "not-a-mapping",
                                        f"a {kind} file is a mapping of keys; not formatted"))
        return outcome
    try:
        formatted = yamlfmt.format_text(text, kind)
        problem = _unsafe(text, formatted, before)
    except (yamlfmt.Unformattable, yamlsafe.YamlError) as exc:
        problem = f"could not be formatted safely ({exc}); it was left as it is"
    if problem:
        outcome.problems.append(Problem(rel, 0, 0, "error", "not-formatted", problem))
        return outcome
    outcome.changed = formatted.encode("utf-8") != data
    if outcome.changed and not check:
        try:
            write_atomic(root / rel, formatted.encode("utf-8"))
        except OSError as exc:
            outcome.changed = False
            outcome.problems.append(Problem(rel, 0, 0, "error", "not-written",
                                            f"could not write the file ({exc.strerror}); it is "
                                            "unchanged"))
    return outcome


def _unsafe(text: str, formatted: str, before: Any) -> str | None:
    """Why the formatted text may not replace the original, or None when it may."""
    try:
        after = yamlsafe.parse(formatted)[0]
    except yamlsafe.YamlError:
        after = object()
    if after != before:
        return "formatting would change the data (a bug in fmt; please report it); left as it is"
    if yamlfmt.comment_texts(formatted) != yamlfmt.comment_texts(text):
        return "formatting would lose or duplicate a comment (a bug in fmt; please report it); " \
               "left as it is"
    return None


def dataset_files(root: Path) -> tuple[list[str], list[Problem]]:
    """Every case, organization, action and coalition file: what `fmt` with no paths formats."""
    files, problems = [], []
    for folder in KIND_OF_FOLDER:
        names, p = loader.list_yaml(root, folder)
        files += names
        problems += p
    return files, problems


def format_paths(root: Path, paths: list[str] | None = None, check: bool = False) -> list[Outcome]:
    """Format the files at `paths` (folders: their .yaml files), or every case and organization."""
    out: list[Outcome] = []
    files: list[str] = []
    if not paths:
        files, problems = dataset_files(root)
        out += [Outcome(p.file, problems=[p]) for p in problems]
    for path in paths or []:
        rel = relative(root, path)
        if rel is None:
            out.append(Outcome(path, problems=[Problem(path, 0, 0, "error", "not-formatted",
                                                       "the file is outside the dataset folder")]))
        elif rel in KIND_OF_FOLDER:
            names, problems = loader.list_yaml(root, rel)
            files += names
            out += [Outcome(p.file, problems=[p]) for p in problems]
        else:
            files.append(rel)
    return out + [format_file(root, rel, check) for rel in dict.fromkeys(files)]
