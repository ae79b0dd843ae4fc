"""Tree entries and commit times read from the client's `git cat-file --batch` (`BlobStore.ask`):
the tree objects are parsed here, where each question cost an `ls-tree` or `log` process (a
release asked the settings files at two commits and three folders' entries, a review each
changed file's entry at both ends). Whatever is not plain (a revision git would read otherwise
through the pipe, a damaged tree, a name twice in a tree, a path through something that is no
folder) is still asked of git the old way, so that every answer and refusal stays git's own."""

from __future__ import annotations

import os
import re
from typing import Callable

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.files import loader
from kremlinlist.history.git.blobs import BlobStore
from kremlinlist.history.git.command import from_top
from kremlinlist.history.git.reader import Answer, plain
from kremlinlist.history.git.whole import held_twice

_OID_BYTES = (20, 32)  # SHA-1, SHA-256
_COMMITTER = re.compile(rb"committer [^<>\n]*<[^<>\n]*> ([0-9]{1,15}) [+-][0-9]{4}")
# The settings files, asked for together: a release, a review and a snapshot's time zone read
# both, often of one commit
_SETTINGS = (loader.CRITERIA_FILE, loader.CONFIG_FILE)
Entry = tuple[bytes, str, str, str]  # name, mode and type as `ls-tree` prints them, object id
_ASK_GIT = object()  # not plain: ask git itself
_FULL_ID = "[0-9a-f]{40}|[0-9a-f]{64}"  # a commit named so has a tree that never changes
_KEPT_TREE, _KEPT_TREES = 500, 16  # the largest folder kept, and how many


class TreeEntries:
    """The tree entries (mode, type, id) of files in commits, for one repository's dataset: an
    entry is kept where its commit is named by a full id (whose tree never changes)."""

    def __init__(self, run: Callable[..., bytes], prefix: str, objects: BlobStore):
        self.run, self.prefix, self.objects = run, prefix, objects
        self.known: dict[tuple[str, str], list[str] | None] = {}
        self._trees: dict[tuple[str, tuple[bytes, ...]], list[Entry]] = {}

    def get(self, commit: str, rel: str) -> list[str] | None:
        """The entry of `rel` (dataset-relative) at `commit`, or None where there is none."""
        fixed = re.fullmatch(_FULL_ID, commit) is not None
        if fixed and (commit, rel) in self.known:
            return self.known[(commit, rel)]
        rels = [rel, *(r for r in _SETTINGS if r != rel)] if rel in _SETTINGS else [rel]
        found = self._read(commit, rels)
        if found is _ASK_GIT:
            found = self._listed(commit, rels)
        if fixed:
            self.known.update(((commit, r), parts) for r, parts in found.items())
        return found[rel]

    def folder(self, commit: str, folder: str) -> list[tuple[str, str]]:
        """The names directly inside the dataset's `folder` at `commit`, each with its type
        (blob, tree, or commit for a submodule), in the tree's order, as `ls-tree` lists them."""
        entries = self._tree_at(commit, self._parts(folder))
        if entries is _ASK_GIT:
            out = self.run("ls-tree", "-z", "--full-name", commit, "--",
                           from_top(self.prefix + folder + "/"))
            said = []
            for line in out.decode("utf-8", "backslashreplace").split("\0"):
                meta, tab, path = line.partition("\t")
                if tab:
                    said.append((path.rsplit("/", 1)[-1], meta.split(" ")[1]))
            return said
        return [(name.decode("utf-8", "backslashreplace"), kind)
                for name, _mode, kind, _oid in entries or ()]

    def _parts(self, rel: str) -> list[bytes]:
        return os.fsencode(self.prefix + rel).split(b"/")

    def _read(self, commit: str, rels: list[str]) -> dict[str, list[str] | None] | object:
        """Each of `rels`' entry at `commit` from its tree objects."""
        found: dict[str, list[str] | None] = {}
        for r in rels:
            *dirs, name = self._parts(r)
            entries = self._tree_at(commit, dirs)
            if entries is _ASK_GIT or name in (b"", b".", b".."):
                return _ASK_GIT
            match = next((e for e in entries or () if e[0] == name), None)
            found[r] = None if match is None else [match[1], match[2], match[3]]
        return found

    def _listed(self, commit: str, rels: list[str]) -> dict[str, list[str] | None]:
        """Each of `rels`' entry at `commit`, as `ls-tree` lists them. One listed twice (a
        forged tree: criteria.yaml twice in the root) is refused as the folders' listings refuse
        a name twice, rather than read as the first."""
        out = self.run("ls-tree", "-z", "--full-tree", "--end-of-options", commit, "--",
                       *(from_top(self.prefix + r) for r in rels))
        listed: dict[str, list[str]] = {}  # path in the repository -> (mode, type, id)
        for line in out.split(b"\0"):
            meta, tab, path = line.partition(b"\t")
            parts = meta.decode("ascii", "replace").split(" ")
            if tab and len(parts) == 3:
                said = os.fsdecode(path) if len(rels) > 1 else rels[0]
                if said in listed:
                    raise held_twice(said[len(self.prefix):] if len(rels) > 1 else said)
                listed[said] = parts
        return {r: listed.get(self.prefix + r if len(rels) > 1 else r) for r in rels}

    def _tree_at(self, commit: str, dirs: list[bytes]) -> list[Entry] | None | object:
        """The entries of the folder `dirs` at `commit`: None where there is no such path,
        _ASK_GIT where anything on the way is not plain. A small folder's are kept by a fixed
        commit (the settings are read at each of a release's commits, and again)."""
        key = (commit, tuple(dirs))
        if key in self._trees:
            return self._trees[key]
        if not plain(commit) or any(d in (b"", b".", b"..") for d in dirs):
            return _ASK_GIT
        entries = _entries(self.objects.ask([commit + "^{tree}"], None)[0])
        for name in dirs:
            if entries is None:
                return _ASK_GIT  # no such commit (git's own refusal), or a damaged tree
            matches = [e for e in entries if e[0] == name]
            if not matches:
                return None
            if len(matches) > 1 or matches[0][2] != "tree":
                return _ASK_GIT
            entries = _entries(self.objects.ask([matches[0][3]], None)[0])
        if entries is None:
            return _ASK_GIT
        if len(entries) <= _KEPT_TREE and re.fullmatch(_FULL_ID, commit):
            if len(self._trees) >= _KEPT_TREES:
                del self._trees[next(iter(self._trees))]
            self._trees[key] = entries
        return entries


def _entries(answer: Answer | None) -> list[Entry] | None:
    if answer is None or answer.kind != "tree" or answer.data is None:
        return None
    return parse_tree(answer.data, len(answer.oid) // 2)


def parse_tree(data: bytes, oid_bytes: int) -> list[Entry] | None:
    """A tree object's entries, each mode as git reads it (a regular file's as 100644 or 100755,
    whatever the object says); None where the object is not as git writes one: git's own walk
    then says what such a tree holds (it stops at a name past the one it seeks, in an order
    git keeps, and a name twice is two entries to it)."""
    if oid_bytes not in _OID_BYTES:
        return None
    out = []
    pos, last, names = 0, b"", set()
    try:
        while pos < len(data):
            space = data.index(b" ", pos)
            nul = data.index(b"\0", space)
            raw_mode, name = data[pos:space], data[space + 1:nul]
            if not raw_mode or raw_mode.strip(b"01234567") or not name or b"/" in name \
                    or nul + 1 + oid_bytes > len(data):
                return None
            mode, kind = _canonical(int(raw_mode, 8))
            order = name + b"/" if kind == "tree" else name  # git's order of a tree's names
            if out and order <= last or name in names:
                return None
            last = order
            names.add(name)
            out.append((name, mode, kind, data[nul + 1:nul + 1 + oid_bytes].hex()))
            pos = nul + 1 + oid_bytes
    except ValueError:
        return None
    return out


def _canonical(mode: int) -> tuple[str, str]:
    """A tree entry's mode and type as git reads them (tree-walk's canon_mode)."""
    kind = mode & 0o170000
    if kind == 0o100000:
        return ("100755" if mode & 0o100 else "100644"), "blob"
    if kind == 0o120000:
        return "120000", "blob"
    if kind == 0o040000:
        return "040000", "tree"
    return "160000", "commit"


def committed_at(objects: BlobStore, commit: str, run: Callable[..., bytes]) -> int:
    """The committer time of `commit`, from its object; where that is not plain, git's `log`
    says it."""
    answer = objects.ask([commit + "^{commit}"], 1 << 16)[0] if plain(commit) else None
    if answer is not None and answer.data is not None:
        lines = answer.data.split(b"\n\n", 1)[0].split(b"\n")
        said = [line for line in lines if line.startswith(b"committer ")]
        found = _COMMITTER.fullmatch(said[0]) if len(said) == 1 else None
        if found:
            return int(found.group(1))
    return int(run("log", "-1", "--format=%ct", commit, "--").decode("utf-8", "replace").strip())


def commit_of(objects: BlobStore, rev: str, run: Callable[..., bytes]) -> str:
    """The commit `rev` names ("" where none), by the reader; a revision that is not plain is
    asked of `git rev-parse`, and so is one the reader's git dies on (`HEAD@{5}` past the
    reflog's end ends `cat-file --batch`: that says no such commit, not a damaged repository;
    the reader is started anew for the next question)."""
    if plain(rev):
        try:
            answer = objects.ask([rev + "^{commit}"], 0)[0]
        except KremlinlistError as exc:
            if exc.code != "git-failed":
                raise
        else:
            return answer.oid if answer is not None and answer.kind == "commit" else ""
    return run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}",
               accept=(0, 1, 128)).decode("ascii", "replace").strip()
