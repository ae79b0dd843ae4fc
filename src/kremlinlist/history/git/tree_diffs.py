"""`TreeDiffs`: what git prints of the tree diff of a dataset folder between two commits, asked
once a client. A month walk reads each month's diff twice, for the people it counts
(`GitClient.changed_files`) and for the entries of cases/ it never reads
(`GitClient.unread_along`); each parses the same output, so one git run serves both."""

from __future__ import annotations

from typing import Callable, Iterable

from kremlinlist.history.git.blobs import BlobStore
from kremlinlist.history.git.command import from_top
from kremlinlist.history.git.reader import DiffReader, plain


class TreeDiffs:
    """The changes under a folder between pairs of commits, as `diff-tree -r -z` prints them
    split at NULs (meta, path, meta, path...), by (old, new, folder): every path under the
    folder, a submodule's and a nested folder's too (no pathspec tells those apart). They are
    asked of one `git diff-tree --stdin` kept running (`DiffReader`), about the whole dataset:
    a release and a review ask pair after pair, each folder, and then the names changed."""

    def __init__(self, run: Callable[..., bytes], prefix: str, objects: BlobStore):
        self.run, self.prefix, self.objects = run, prefix, objects
        self.said: dict[tuple[str, str, str], list[str]] = {}
        self._whole: dict[tuple[str, str], list[str]] = {}  # the reader's, by pair
        self._trees: dict[str, str] = {}  # the tree of each commit the reader diffed
        self._reader: DiffReader | None = None

    def close(self) -> None:
        """Stop the `DiffReader`, if one was started."""
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    def get(self, old: str, new: str, folder: str, together: Iterable[str] = ()) -> list[str]:
        """One pair's changes under `folder` (and others: a reader keeps its own), from the
        reader, else asked alone with those of the folders `together`."""
        said = self.said.get((old, new, folder)) or self._piped(old, new)
        if said is None:
            folders = list(dict.fromkeys([folder, *together]))
            out = self.run("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", old, new,
                           "--", *(self._spec(f) for f in folders))
            said = out.decode("utf-8", "backslashreplace").split("\0")
            self.said.update(((old, new, f), said) for f in folders)
        return said

    def fetch(self, pairs: Iterable[tuple[str, str]], folder: str) -> None:
        """The changes of many pairs of commits (old, new) not fetched yet, from the reader, or
        in one `git diff-tree --stdin` run: a walk over sixty months then starts one git
        process, not sixty (each costs some 30 ms of CPU on a tree of 10,000 files). Where
        git's answer is not the one expected, nothing is kept: each pair is then asked on its
        own."""
        todo = list(dict.fromkeys(p for p in pairs if (*p, folder) not in self.said))
        while todo:
            said = self._piped(*todo[0])
            if said is None:
                break
            self.said[(*todo.pop(0), folder)] = said
        found = _pair_diffs(self.run, todo, (self._spec(folder),))
        for (old, new), said in zip(todo, found or ()):
            self.said[(old, new, folder)] = said

    def names(self, old: str, new: str, rels: list[str], said_prefix: str) -> list[str]:
        """Which of the files `rels` (dataset-relative; "" is every file) differ between two
        commits, as `diff-tree --name-only` says: from the reader's diff of the pair (a review
        asks every name, then the settings'), else asked alone."""
        whole = self._piped(old, new) if all(_plain_path(r) for r in rels) else None
        if whole is not None:
            names = whole[1::2]
        else:
            out = self.run("diff-tree", "-r", "-z", "--name-only", "--no-commit-id", old, new,
                           "--", *(from_top(self.prefix + rel) for rel in rels))
            names = out.decode("utf-8", "backslashreplace").split("\0")
        found = sorted(n[len(said_prefix):] for n in names if n.startswith(said_prefix) and n)
        return [n for n in found if any(r in ("", n) or n.startswith(r + "/") for r in rels)]

    def _piped(self, old: str, new: str) -> list[str] | None:
        """The changes between two commits (or trees) in the whole dataset, from the reader,
        given their trees' ids (from the client's `git cat-file`); None where either is not
        plain, or git's answer is not the one expected."""
        if (old, new) in self._whole:
            return self._whole[(old, new)]
        todo = [c for c in (old, new) if c not in self._trees]
        if not all(map(plain, todo)):
            return None
        for commit, answer in zip(todo, self.objects.ask([c + "^{tree}" for c in todo], 0)):
            if answer is None or answer.kind != "tree":
                return None
            self._trees[commit] = answer.oid
        if self._reader is None or not self._reader.usable():
            self._reader = DiffReader(["git", "--git-dir", self.objects.git_dir, "diff-tree",
                                       "--stdin", "--always", "-r", "-z", "--no-renames", "--",
                                       from_top(self.prefix)])
        out = self._reader.diff(self._trees[old], self._trees[new])
        if out is None:
            return None
        said = self._whole[(old, new)] = out.decode("utf-8", "backslashreplace").split("\0")
        return said

    def _spec(self, folder: str) -> str:
        """The folder and what is under it: the folder itself too, where it is a link or a file
        (`cases/` would match only a folder or a submodule), as the reader's diff holds it."""
        return from_top(self.prefix + folder)


def _plain_path(rel: str) -> bool:
    """A dataset-relative path whose pathspec matches what the name says: itself and what is
    under it ("" is the whole dataset)."""
    return rel == "" or all(part not in ("", ".", "..") for part in rel.split("/"))


def _pair_diffs(run: Callable[..., bytes], pairs: list[tuple[str, str]],
                spec: tuple[str, ...]) -> list[list[str]] | None:
    """The changes of each pair of commits (old, new) under the pathspecs `spec`, in one
    `git diff-tree --stdin` run: meta, path, meta, path... each. None where the answer is not
    the one expected."""
    if not pairs:
        return []
    # A line "new old" diffs old -> new (old taken as new's parent); --always prints each
    # line's first id, so every pair's changes follow their own header, even when empty.
    out = run("diff-tree", "--stdin", "--always", "-r", "-z", "--no-renames", "--", *spec,
              stdin="".join(f"{b} {a}\n" for a, b in pairs).encode("ascii"))
    groups = _per_header(out.decode("utf-8", "backslashreplace").split("\0"))
    if groups is None or [g[0] for g in groups] != [b for _, b in pairs]:
        return None
    return [g[1:] for g in groups]


def _per_header(parts: list[str]) -> list[list[str]] | None:
    """`diff-tree --stdin -z` output split at NULs, as one list per pair asked: its header, then
    meta, path, meta, path...; None where a change comes before any header."""
    groups: list[list[str]] = []
    i = 0
    while i < len(parts):
        if parts[i].startswith(":"):  # a change: its meta, then its path
            if not groups:
                return None
            groups[-1] += parts[i:i + 2]
            i += 2
            continue
        if parts[i]:
            groups.append([parts[i]])
        i += 1
    return groups
