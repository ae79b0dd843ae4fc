"""`GitClient`: one repository's commits and trees, as git answers about them from the object
database: revisions, first-parent chains, tree diffs by folder, tree entries, and the blobs
through its `BlobStore`."""

from __future__ import annotations

import functools
import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.problem import Problem
from kremlinlist.files import loader
from kremlinlist.files.layout import ACTIONS_DIR, COALITIONS_DIR, ORGS_DIR
from kremlinlist.base.gitmode import is_file_mode
from kremlinlist.history.git.blobs import HEX, BlobStore, not_a_file
from kremlinlist.history.git.command import environment, failed, not_run, searching
from kremlinlist.history.git.tree_diffs import TreeDiffs
from kremlinlist.history.git.trees import TreeEntries, commit_of, committed_at
from kremlinlist.history.git.whole import GITLINK_MODE, FolderFiles, not_a_folder, refuse_twice

# The empty tree's id by the length of an object id: SHA-1, SHA-256 (`git hash-object -t tree`)
_EMPTY_TREES = {40: "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
                64: "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321"}
# The folders whose changes between two commits are asked of git together where the running
# `git diff-tree` cannot answer: a release and a review read each of them at the same pair.
_TOGETHER = (loader.CASES_DIR, ORGS_DIR, ACTIONS_DIR, COALITIONS_DIR)
_BOOLS = ("true", "false")


@dataclass(frozen=True)
class FileChange:
    rel: str
    old_blob: str | None
    new_blob: str | None


class GitClient:
    """One repository and the dataset folder inside it: every question put to git, answered
    from the object database (never from a checkout)."""

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        # One run finds the repository, the dataset's folder in it, whether the clone is
        # shallow and HEAD's commit (exit 1 and no commit where there is none yet).
        said = _discover(self.root, root)
        self.git_dir = said[0]
        self.prefix = "" if said[1] == "true" else said[2]
        # the prefix as git's decoded output spells it (a name not UTF-8 shows as \xff there)
        self._said_prefix = os.fsencode(self.prefix).decode("utf-8", "backslashreplace")
        self._shallow = said[3] == "true"
        # asked of git once a client (one command's)
        self._commits = {"HEAD": said[4]} if len(said) > 4 and HEX.fullmatch(said[4]) else {}
        self._chains: dict[str, list[tuple[str, int]]] = {}  # first-parent chains, by commit
        self._diffs: dict[tuple[str, str, str], list[FileChange]] = {}  # `changed_files`' own
        self._empty_tree: str | None = None
        self.blobs = BlobStore(self.git_dir)  # its `git cat-file` answers trees and commits too
        self.trees = TreeDiffs(self._git_bytes, self.prefix, self.blobs)
        self.entries = TreeEntries(self._git_bytes, self.prefix, self.blobs)
        self._bases: dict[tuple[str, str], str | None] = {}  # merge bases, asked once each
        self._files = FolderFiles()  # a folder's files at the last commits, each once

    def close(self) -> None:
        """Stop the gits this client keeps running (`contextlib.closing`)."""
        self.blobs.close()
        self.trees.close()

    # -- revisions ---------------------------------------------------------------------------
    def _git(self, *args: str) -> str:
        return self._git_bytes(*args).decode("utf-8", "replace")

    def _git_bytes(self, *args: str, stdin: bytes = b"", accept: tuple[int, ...] = (0,)) -> bytes:
        """git's output as bytes, for output that holds file names: they need not be UTF-8.
        `accept`: the exit statuses that are answers, not failures."""
        try:
            done = subprocess.run(["git", "--git-dir", self.git_dir, *args], input=stdin,
                                  capture_output=True, env=environment())
        except OSError as exc:
            raise not_run(exc) from None
        if done.returncode not in accept:
            raise failed(done.stderr)
        return done.stdout

    @property
    def empty_tree(self) -> str:
        """The id of the empty tree in this repository's object format (SHA-1 or SHA-256)."""
        if self._empty_tree is None:
            self._empty_tree = self._git_bytes("hash-object", "-t", "tree", "--stdin").decode(
                "ascii").strip()
        return self._empty_tree

    def _empty_beside(self, other: str | None) -> str:
        """The empty tree in the object format of `other`, a full id, known by its length without
        asking git (a first month's diff, once per client); else asked."""
        known = _EMPTY_TREES.get(len(other)) if other and HEX.fullmatch(other) else None
        return known if known is not None else self.empty_tree

    def check_not_shallow(self) -> None:
        if self._shallow:
            raise KremlinlistError("shallow-clone",
                               _("this is a shallow clone, so the history of earlier months is "
                                 "missing; run `git fetch --unshallow` (in GitHub Actions, check "
                                 "out with `fetch-depth: 0`)"), usage=True)

    def resolve(self, rev: str) -> str:
        """A revision to a full commit id; the message never repeats the revision text."""
        if rev.startswith("-") or "\0" in rev:
            raise KremlinlistError("unknown-revision", _("a revision cannot start with `-`")
                                   if rev.startswith("-") else
                                   _("no such commit in this repository; give a branch, tag or "
                                     "commit id"), usage=True)
        if rev in self._commits:
            return self._commits[rev]
        commit = commit_of(self.blobs, rev, self._git_bytes)
        if not commit or not HEX.fullmatch(commit):
            raise KremlinlistError("unknown-revision",
                               _("no such commit in this repository; give a branch, tag or "
                                 "commit id (this is a shallow clone: run `git fetch "
                                 "--unshallow`)") if self._shallow else
                               _("no such commit in this repository; give a branch, tag or "
                                 "commit id"), usage=True)
        self._commits[rev] = commit
        return commit

    def is_ancestor(self, old: str, new: str) -> bool:
        """Whether commit `old` is `new` or one of its ancestors (all it knows, `new` knows)."""
        return self.merge_base(old, new) == old

    def merge_base(self, a: str, b: str) -> str | None:
        """The commit where the lines of `a` and `b` part; None where they share none."""
        if (a, b) not in self._bases:
            said = self._git_bytes("merge-base", a, b, accept=(0, 1))  # 1: none in common
            self._bases[(a, b)] = said.decode("ascii", "replace").strip() or None
        return self._bases[(a, b)]

    def first_parent_chain(self, rev: str = "HEAD") -> list[tuple[str, int]]:
        """(commit, committer time) from the tip back along first parents; asked once a client
        for each tip (a release's month ends and its chart read the same chain)."""
        tip = self.resolve(rev)
        if tip not in self._chains:
            out = self._git("log", "--first-parent", "--format=%H %ct", tip, "--")
            chain = []
            for line in out.splitlines():
                sha, _, ts = line.partition(" ")
                chain.append((sha, int(ts)))
            self._chains[tip] = chain
        return list(self._chains[tip])

    def commit_time(self, commit: str) -> datetime:
        """When `commit` was committed, as its object says (any object format)."""
        return datetime.fromtimestamp(committed_at(self.blobs, commit, self._git_bytes),
                                      timezone.utc)

    def commit_before(self, instant: datetime, rev: str = "HEAD") -> str | None:
        """The last commit on the first-parent chain committed strictly before `instant`."""
        return commits_before(self.first_parent_chain(rev), [instant])[0]

    def settings_at(self, commit: str) -> tuple[bytes | None, bytes | None]:
        """criteria.yaml's and kremlinlist.yaml's bytes at `commit` (None where missing)."""
        return (self.blob_bytes(commit, loader.CRITERIA_FILE),
                self.blob_bytes(commit, loader.CONFIG_FILE))

    def blob_bytes(self, commit: str, rel: str) -> bytes | None:
        """The bytes of the file `rel` at `commit`; None if it is missing, not a regular file
        or too large. Asks git for the tree entry (so any object format works)."""
        parts = self.entries.get(commit, rel)
        if parts is None or parts[1] != "blob" or not is_file_mode(parts[0]):
            return None
        data, problems = self.read_blob(rel, parts[2] + ":" + parts[0])
        return None if problems else data

    # -- trees -------------------------------------------------------------------------------
    def changed_files(self, old: str | None, new: str | None,
                      folder: str = loader.CASES_DIR) -> list[FileChange]:
        """Files of `folder` that differ between two commits, by a tree diff (no renames: identity
        is the id inside the file, never its path); a path a tree holds twice is refused."""
        a, b = old or self._empty_beside(new), new or self._empty_beside(old)
        if a == b:
            return []
        if (a, b, folder) not in self._diffs:
            said = self.trees.get(a, b, folder, _TOGETHER if folder in _TOGETHER else ())
            changes = _diff_entries(said, folder, self._said_prefix)
            self._files.check(old, new, folder, changes,
                              functools.partial(self.changed_files, None, folder=folder))
            self._diffs[(a, b, folder)] = changes
        return list(self._diffs[(a, b, folder)])

    def entry_problems(self, commit: str, folder: str, gitlinks: bool = False) -> list[Problem]:
        """What is in a dataset folder at `commit` but never read there (a folder, a submodule,
        a `.yml` file; the folder itself a link, a file or a submodule), as the loader says it
        on disk, to refuse rather than leave a person out; a submodule named as a case file
        only with `gitlinks` (reading its blob refuses it). A name twice in it is refused."""
        own = self.entries.get(commit, folder)
        if own is not None and own[1] != "tree":
            return [not_a_folder(folder, own[0])]
        listed = self.entries.folder(commit, folder)
        refuse_twice(f"{folder}/{name}" for name, _kind in listed)
        return _unread_entries(folder, listed, gitlinks)

    def prefetch_changes(self, steps: Iterable[tuple[str | None, str | None]],
                         folder: str = loader.CASES_DIR) -> None:
        """Tree diffs of many pairs of commits (old, new) in one git run, for `changed_files`
        (`TreeDiffs.fetch`); a pair with no commit at one end is left to it."""
        self.trees.fetch([(a, b) for a, b in steps if a is not None and b is not None and a != b],
                         folder)

    def unread_along(self, commits: list[str], folder: str = loader.CASES_DIR,
                     versions: dict[tuple[str, str], str] | None = None) -> list[list[Problem]]:
        """`entry_problems(gitlinks=True)` of each of `commits` (a walk's month ends, in order)
        in two git runs however many (an `ls-tree` a month cost 20 ms at 10,000 cases): the
        first commit's paths, then the tree diffs `changed_files` reads. `versions`, if given,
        gets each unread entry's "<sha>:<mode>" by (commit, path), to read with no lookup."""
        self.trees.fetch([(a, b) for a, b in zip(commits, commits[1:]) if a != b], folder)
        return _unread_walk(commits, [
            [] if old == new else self.trees.get(old or self._empty_beside(new), new, folder)
            for old, new in zip([None, *commits], commits)], folder, self._said_prefix,
            {} if versions is None else versions)

    def changed_blobs(self, old: str | None, new: str | None) -> list[FileChange]:
        """Every file that differs between two commits with each version's "<sha>:<mode>", to
        read by id: `blob_bytes` parses the folder's tree again each (minutes at 4,000 files)."""
        a, b = old or self._empty_beside(new), new or self._empty_beside(old)
        return [] if a == b else _all_entries(self.trees.get(a, b, ""), self._said_prefix)

    def changed_names(self, old: str | None, new: str | None, rels: Iterable[str]) -> list[str]:
        """Which of the files `rels` (dataset-relative) differ between two commits."""
        a, b = old or self._empty_beside(new), new or self._empty_beside(old)
        return self.trees.names(a, b, list(rels), self._said_prefix)

    def read_blob(self, rel: str, blob_and_mode: str) -> tuple[bytes | None, list[Problem]]:
        """A blob's bytes by id (from a tree diff): one read, no tree lookups."""
        return self.blobs.read_one(rel, blob_and_mode)

    def read_blobs(self, items: list[tuple[str, str]]
                   ) -> dict[str, tuple[bytes | None, list[Problem]]]:
        """Many blobs at once, (rel, "<sha>:<mode>") -> bytes (see `BlobStore.read_many`)."""
        return self.blobs.read_many(items)


def _unread_walk(commits: list[str], diffs: list[list[str]], folder: str, prefix: str,
                 versions: dict[tuple[str, str], str]) -> list[list[Problem]]:
    """The unread entries at each of a walk's commits, from the tree diff (`TreeDiffs`) of each
    from the one before it (the first's from nothing): the odd paths present at a commit are
    those before it, changed. Each entry's "<sha>:<mode>" at each commit goes into `versions`
    (not those inside a folder, which is named itself)."""
    present: dict[str, str] = {}  # the odd paths at the commit reached: "<sha>:<mode>"
    found = []
    for commit, parts in zip(commits, diffs):
        for meta, path in zip(parts[0::2], parts[1::2]):
            rel = path[len(prefix):]
            if not meta.startswith(":") or not (rel == folder or rel.startswith(folder + "/")):
                continue  # another folder's, where they were asked together
            _old_mode, mode, _old, sha, status = meta[1:].split(" ", 4)
            odd = mode == GITLINK_MODE or not rel.endswith(".yaml") or "/" in rel[
                len(folder) + 1:]
            if odd and not status.startswith("D"):
                present[rel] = f"{sha}:{mode}"
            else:  # deleted, or a submodule made a file again
                present.pop(rel, None)
        versions.update(((commit, rel), blob) for rel, blob in present.items()
                        if "/" not in rel[len(folder) + 1:])  # a folder's files: never named
        if folder in present:  # the folder itself a link, a file or a submodule
            found.append([not_a_folder(folder, present[folder].partition(":")[2])])
            continue
        entries: dict[str, str] = {}  # name -> its type, as `ls-tree` says it
        for rel, blob in present.items():
            name, sep, _rest = rel[len(folder) + 1:].partition("/")
            entries[name] = "tree" if sep or entries.get(name) == "tree" else (
                "commit" if blob.endswith(":" + GITLINK_MODE) else "blob")
        # in a tree's order, as `ls-tree` lists them (a folder sorts as its name and a /)
        found.append(_unread_entries(folder, sorted(
            entries.items(), key=lambda e: (e[0] + "/" * (e[1] == "tree")).encode("utf-8")),
            gitlinks=True))
    return found


def _unread_entries(folder: str, entries: Iterable[tuple[str, str]],
                    gitlinks: bool) -> list[Problem]:
    """The loader's problem with each entry (name, its type: blob, tree, or commit for a
    submodule) of `folder` it never reads. A submodule is a folder in a checkout; one named as
    a case file is said (`not-a-file`) only with `gitlinks`, where no blob is read that says it."""
    out = []
    for name, kind in entries:
        if kind == "commit" and name.endswith(".yaml") and not name.startswith("."):
            if gitlinks:
                out.append(not_a_file(f"{folder}/{name}", GITLINK_MODE))
        elif (odd := loader.entry_problem(folder, name, kind != "blob")) is not None:
            out.append(odd)
    return out


def _diff_entries(parts: list[str], folder: str, prefix: str) -> list[FileChange]:
    """The changes of `diff-tree -r -z` output split at NULs: meta, path, meta, path... (paths
    in the repository; `prefix` is the dataset's folder in it, spelled as the output is). A
    name that is not UTF-8 is kept readable (\\xff): blobs are read by id, not by path, and
    such a name is never a case's id, which validation then reports."""
    changes = []
    for meta, path in zip(parts[::2], parts[1::2]):
        rel = path[len(prefix):]
        if (not meta.startswith(":") or not rel.startswith(folder + "/")
                or "/" in rel[len(folder) + 1:] or not rel.endswith(".yaml")):
            continue  # another folder's (asked together), or one the loader never reads
        changes.append(_change(meta, rel))
    return changes


def _all_entries(parts: list[str], prefix: str) -> list[FileChange]:
    """`_diff_entries` of every path of the dataset, in the order git gives them."""
    return [_change(meta, path[len(prefix):]) for meta, path in zip(parts[::2], parts[1::2])
            if meta.startswith(":") and path.startswith(prefix)]


def _change(meta: str, rel: str) -> FileChange:
    """One line of `diff-tree -r` (":<old mode> <new mode> <old sha> <new sha> <status>"), each
    side's "<sha>:<mode>", None where the file is absent (an id of zeros)."""
    old_mode, new_mode, old_sha, new_sha, _ = meta[1:].split(" ", 4)
    return FileChange(rel, old_sha + ":" + old_mode if old_sha.strip("0") else None,
                      new_sha + ":" + new_mode if new_sha.strip("0") else None)


def _discover(root: Path, given: Path | str) -> list[str]:
    """The repository holding `root`, as git finds it from there: its git folder, whether it is
    bare, the folder's path inside it, whether it is shallow, then HEAD's commit if it has one.
    git's own words are read untranslated (LC_ALL=C), to tell "not a repository" apart."""
    if "\n" in os.fspath(root):
        raise KremlinlistError("git-failed", _("the dataset's folder has a line break in its "
                                               "path, which git's answers cannot carry; rename "
                                               "the folder"), usage=True)
    try:
        done = subprocess.run(
            ["git", "-C", os.fspath(root), *searching(root), "rev-parse", "--absolute-git-dir",
             "--is-bare-repository", "--show-prefix", "--is-shallow-repository", "--verify",
             "--quiet", "--end-of-options", "HEAD^{commit}"],
            capture_output=True, env=environment(LC_ALL="C", LANGUAGE="C"))
    except OSError as exc:
        raise not_run(exc) from None
    said = os.fsdecode(done.stdout).split("\n")
    if done.returncode in (0, 1) and len(said) in (5, 6) and said[1] in _BOOLS and said[3] in \
            _BOOLS and (len(said) == 5 or HEX.fullmatch(said[4])):
        return said
    if done.returncode in (0, 1):  # a line break in the git folder's path
        raise KremlinlistError("git-failed", _("the git folder has a line break in its path, "
                                               "which git's answers cannot carry"), usage=True)
    if b"not a git repository" in done.stderr or not root.is_dir():
        raise KremlinlistError("not-a-git-repository",
                               _("{root} is not inside a git repository; history needs one "
                                 "(run `git init` and commit the dataset, or pass --root)")
                               .format(root=given), usage=True)
    raise failed(done.stderr)


def commits_before(chain: list[tuple[str, int]], instants: list[datetime]) -> list[str | None]:
    """For each instant, the first commit on the first-parent `chain` (from the tip) committed
    strictly before it, all in one pass: the chart's months and a release's month end then
    agree even where committer dates go backwards."""
    found: dict[int, str | None] = {}
    i = 0
    for ts in sorted({int(t.timestamp()) for t in instants}, reverse=True):
        while i < len(chain) and chain[i][1] >= ts:  # a later instant's commit is never older
            i += 1
        found[ts] = chain[i][0] if i < len(chain) else None
    return [found[int(t.timestamp())] for t in instants]
