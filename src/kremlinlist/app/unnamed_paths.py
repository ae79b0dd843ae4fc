"""Which paths a problem printed by a command may not name, as `checks.advocacy.NamedPaths` says
them: the withheld people's names and ids read from the case files on disk (`named_on_disk`) or
at a commit (`snapshot_named`), and a command's refusal said through them (`said_on_disk`,
`said_at`: `stats` and `export` refusing a folder or a `.yml` in cases/)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from kremlinlist.base.problem import Problem
from kremlinlist.caches.clean import is_public
from kremlinlist.checks.advocacy import NamedPaths, said_unnamed
from kremlinlist.checks.withheld_names import withheld_of
from kremlinlist.files import loader
from kremlinlist.files.layout import ACTIONS_DIR, CASES_DIR
from kremlinlist.history.git import GitClient
from kremlinlist.publish.withheld_since import withheld_at


def snapshot_named(git: GitClient, commit: str, case_files: Iterable[str]) -> NamedPaths:
    """The paths under actions/ at `commit` (and under cases/, asked of it) that hold a withheld
    person's name or id, the names read (only if asked) from the raw YAML of the case files at
    `commit` (`case_files`): a release reads no person from its summaries."""
    wanted = frozenset(case_files)
    paths = [ch.rel for ch in git.changed_files(None, commit, ACTIONS_DIR)]
    return NamedPaths(paths, lambda: withheld_at(git, commit, lambda rel, _blob: rel in wanted),
                      wanted.__contains__)


def named_on_disk(root: Path, case_summaries: list[tuple[str, dict | None]]) -> NamedPaths:
    """The paths under actions/ on disk (files and folders, at any depth), and under cases/
    (asked of it), that hold a withheld person's name or id; only the case files whose summary
    does not show a public person are read, and only if asked (not a folder named like one:
    it holds no names, and is said as any other path of cases/)."""
    base = root / ACTIONS_DIR
    rels = frozenset(rel for rel, _s in case_summaries)
    paths = [(Path(d) / n).relative_to(root).as_posix() for d, dirs, files in os.walk(base)
             for n in (*dirs, *files)]
    return NamedPaths(paths, lambda: withheld_of(
        (rel, _read(root, rel)) for rel, s in case_summaries
        if not is_public(s) and not (root / rel).is_dir()),
        lambda rel: rel in rels and _regular(root / rel))


def said_on_disk(root: Path, problems: list[Problem]) -> list[Problem]:
    """`problems` (of the files on disk) said without a path that holds a withheld person's
    name or id, every case file read for them if one is asked."""
    if not problems:
        return problems
    return said_unnamed(problems, disk_named(root))


def disk_named(root: Path) -> NamedPaths:
    """`named_on_disk` with every case file read for them if one is asked (no summaries)."""
    rels = loader.list_yaml(root, CASES_DIR)[0]
    return named_on_disk(root, [(rel, None) for rel in rels])


def said_at(git: GitClient, commit: str, problems: list[Problem]) -> list[Problem]:
    """`problems` (of the files at `commit`) said as `said_on_disk` says them."""
    if not problems:
        return problems
    rels = [ch.rel for ch in git.changed_files(None, commit, CASES_DIR)]
    return said_unnamed(problems, snapshot_named(git, commit, rels))


def _read(root: Path, rel: str) -> bytes | None:
    try:
        return loader.read_file(root, rel)
    except loader.FileRefused:
        return None


def _regular(path: Path) -> bool:
    """Whether a case file is one: a folder named like one is said as any other path of
    cases/ (a link, which is not followed, is a case file whose own problem says so)."""
    return path.is_symlink() or not path.is_dir()
