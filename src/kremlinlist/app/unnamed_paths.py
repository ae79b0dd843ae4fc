"""Which paths a problem printed by a command may not name, as `checks.advocacy.NamedPaths` says
them: the withheld people's names and ids read from the case files on disk (`named_on_disk`) or
at a commit (`snapshot_named`), and a command's refusal said through them (`said_on_disk`,
`said_at`: `stats` and `export` refusing a folder or a `.yml` in cases/). A case file is read
only where it may be a withheld person's: not if its summary (`named_on_disk`) or a fresh entry
of the clean cache (`disk_named`) shows a public person."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Collection, Iterable

from kremlinlist.base.problem import Problem
from kremlinlist.caches.clean import CleanCache, fingerprint, is_public
from kremlinlist.caches.tokens import token_secret
from kremlinlist.caches.clean_files import CleanFiles
from kremlinlist.checks.advocacy import NamedPaths, said_unnamed
from kremlinlist.checks.withheld_names import withheld_of
from kremlinlist.files import loader
from kremlinlist.files.layout import ACTIONS_DIR, CASES_DIR
from kremlinlist.history.git import GitClient
from kremlinlist.history.git.whole import GITLINK_MODE
from kremlinlist.publish.withheld_since import withheld_at


def snapshot_named(git: GitClient, commit: str, case_files: Iterable[str],
                   also: Iterable[str] = ()) -> NamedPaths:
    """The paths under actions/ at `commit` (and under cases/, asked of it) that hold a withheld
    person's name or id, the names read (only if asked) from the raw YAML of the case files at
    `commit` (`case_files`): a release reads no person from its summaries. `also`: more names
    (of people whose files are gone since, `withheld_since.gone_names`)."""
    wanted = frozenset(case_files)
    paths = [ch.rel for ch in git.changed_files(None, commit, ACTIONS_DIR)]
    return NamedPaths(paths, _with(lambda: withheld_at(
        git, commit, lambda rel, _blob: rel in wanted), also), wanted.__contains__)


def _with(withheld: Callable[[], tuple[list[str], set[str]] | None], also: Iterable[str]
          ) -> Callable[[], tuple[list[str], set[str]] | None]:
    """`withheld`, its names and `also`."""
    more = list(also)

    def both() -> tuple[list[str], set[str]] | None:
        found = withheld()
        return None if found is None else ([*found[0], *more], found[1])
    return both


def named_on_disk(root: Path, case_summaries: list[tuple[str, dict | None]],
                  known_public: Collection[str] = frozenset()) -> NamedPaths:
    """The paths under actions/ on disk (files and folders, at any depth), and under cases/
    (asked of it), that hold a withheld person's name or id; only the case files whose summary
    does not show a public person, and that are not `known_public` (the clean cache's public
    ones, whose summaries from it carry no person), are read, and only if asked (not a folder
    named like one: it holds no names, and is said as any other path of cases/)."""
    public = {rel for rel, s in case_summaries if is_public(s)}.union(known_public)
    return _named(root, [rel for rel, _s in case_summaries], lambda: (public, {}))


def _named(root: Path, rels: list[str],
           known: Callable[[], tuple[Collection[str], dict[str, bytes]]],
           also: Iterable[str] = ()) -> NamedPaths:
    """`named_on_disk` of the case files `rels`, asking `known` (only when a path is asked) for
    those known to be a public person's, which are not read, and the bytes of any it read."""
    base = root / ACTIONS_DIR
    cases = frozenset(rels)
    paths = [(Path(d) / n).relative_to(root).as_posix() for d, dirs, files in os.walk(base)
             for n in (*dirs, *files)]

    def withheld() -> tuple[list[str], set[str]] | None:
        public, read = known()
        return withheld_of((rel, read[rel] if rel in read else _read(root, rel)) for rel in rels
                           if rel not in public and not (root / rel).is_dir())
    return NamedPaths(paths, _with(withheld, also),
                      lambda rel: rel in cases and _regular(root / rel))


def said_on_disk(root: Path, problems: list[Problem], also: Iterable[str] = ()
                 ) -> list[Problem]:
    """`problems` (of the files on disk) said without a path that holds a withheld person's
    name or id, or one of `also`, the case files read for them if one is asked
    (`disk_named`)."""
    if not problems:
        return problems
    return said_unnamed(problems, disk_named(root, also))


def disk_named(root: Path, also: Iterable[str] = ()) -> NamedPaths:
    """`named_on_disk` of every case file (no summaries), read only if a path is asked, and then
    not those a fresh entry of the clean cache shows to be a public person's (`_cached_public`):
    `fmt actions/ONE.yaml` in the pre-commit hook read all 10,000 of them."""
    rels = loader.list_yaml(root, CASES_DIR)[0]
    return _named(root, rels, lambda: _cached_public(root, rels), also)


def _cached_public(root: Path, rels: list[str]) -> tuple[set[str], dict[str, bytes]]:
    """Of the case files `rels`, those the clean cache knows as `validate` asks it (its format,
    the tool's code and settings in its key, its checksum; each file by its status, else by the
    git id of its bytes, read here), if it vouches for them (`CleanCache.vouches_public`: this
    checkout wrote all it holds): only a public person's file is ever kept there; and the bytes
    read of the others, so that a file is not read twice. Nothing is written, and a cache
    missing, damaged or not vouched for knows nothing: every file is then read."""
    read: dict[str, bytes] = {}

    def reading(rel: str) -> tuple[bytes, None] | None:
        data = _read(root, rel)
        if data is None:
            return None
        read[rel] = data
        return data, None  # no status: nothing is written to the cache here

    # the key `validate` opens the cache with; no day: a person's publicity does not change
    # with the day its file's verdict holds from
    cache = CleanCache.open(root, fingerprint(*loader.settings_bytes(root)), None,
                            token_secret(root, make=False))
    if not cache.vouched:
        return set(), read
    files = CleanFiles(cache, os.fspath(root), reading, loader.MAX_FILE_BYTES,
                       lambda rel: read.pop(rel, None))
    return set(files.split(rels)[0]), read


def said_at(git: GitClient, commit: str, problems: list[Problem], also: Iterable[str] = ()
            ) -> list[Problem]:
    """`problems` (of the files at `commit`) said as `said_on_disk` says them; a submodule
    named like a case file is not read (it holds no names, and is said as any other path of
    cases/), as a folder on disk is not."""
    if not problems:
        return problems
    rels = [ch.rel for ch in git.changed_files(None, commit, CASES_DIR)
            if ch.new_blob is not None and not ch.new_blob.endswith(":" + GITLINK_MODE)]
    return said_unnamed(problems, snapshot_named(git, commit, rels, also))


def withheld_on_disk(root: Path, rels: Iterable[str]) -> tuple[list[str], set[str]] | None:
    """`withheld_of` the case files `rels` on disk: their withheld people's names and ids."""
    return withheld_of((rel, _read(root, rel)) for rel in rels)


def _read(root: Path, rel: str) -> bytes | None:
    try:
        return loader.read_file(root, rel)
    except loader.FileRefused:
        return None


def _regular(path: Path) -> bool:
    """Whether a case file is one: a folder named like one is said as any other path of
    cases/ (a link, which is not followed, is a case file whose own problem says so)."""
    return path.is_symlink() or not path.is_dir()
