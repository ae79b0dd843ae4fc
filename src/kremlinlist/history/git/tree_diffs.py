"""`TreeDiffs`: what git prints of the tree diff of a dataset folder between two commits, asked
once a client. A month walk reads each month's diff twice, for the people it counts
(`GitClient.changed_files`) and for the entries of cases/ it never reads
(`GitClient.unread_along`); each parses the same output, so one git run serves both."""

from __future__ import annotations

from typing import Callable, Iterable

from kremlinlist.history.git.command import from_top


class TreeDiffs:
    """The changes under a folder between pairs of commits, as `diff-tree -r -z` prints them
    split at NULs (meta, path, meta, path...), by (old, new, folder): every path under the
    folder, a submodule's and a nested folder's too (no pathspec tells those apart)."""

    def __init__(self, run: Callable[..., bytes], prefix: str):
        self.run, self.prefix = run, prefix
        self.said: dict[tuple[str, str, str], list[str]] = {}
        self._names: dict[tuple[str, str], list[str]] = {}  # every name changed, by commits

    def get(self, old: str, new: str, folder: str, together: Iterable[str] = ()) -> list[str]:
        """One pair's changes under `folder`, asked alone if not fetched yet, with those of the
        folders `together` (its output then holds theirs too: a reader keeps its own)."""
        said = self.said.get((old, new, folder))
        if said is None:
            folders = list(dict.fromkeys([folder, *together]))
            out = self.run("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", old, new,
                           "--", *(self._spec(f) for f in folders))
            said = out.decode("utf-8", "backslashreplace").split("\0")
            self.said.update(((old, new, f), said) for f in folders)
        return said

    def fetch(self, pairs: Iterable[tuple[str, str]], folder: str) -> None:
        """The changes of many pairs of commits (old, new), in one `git diff-tree --stdin` run
        for those not fetched yet: a walk over sixty months then starts one git process, not
        sixty (each costs some 30 ms of CPU on a tree of 10,000 files). Where git's answer is
        not the one expected, nothing is kept: each pair is then asked on its own."""
        todo = list(dict.fromkeys(p for p in pairs if (*p, folder) not in self.said))
        found = _pair_diffs(self.run, todo, (self._spec(folder),))
        for (old, new), said in zip(todo, found or ()):
            self.said[(old, new, folder)] = said

    def names(self, old: str, new: str, rels: list[str], said_prefix: str) -> list[str]:
        """Which of the files `rels` (dataset-relative; "" is every file) differ between two
        commits, as `diff-tree --name-only` says. A review asks for every file, then for the
        settings among them: those are taken from the first answer."""
        if (old, new) in self._names:
            return [n for n in self._names[(old, new)]
                    if any(r == "" or n == r or n.startswith(r + "/") for r in rels)]
        out = self.run("diff-tree", "-r", "-z", "--name-only", "--no-commit-id", old, new, "--",
                       *(from_top(self.prefix + rel) for rel in rels))
        names = out.decode("utf-8", "backslashreplace").split("\0")
        found = sorted(n[len(said_prefix):] for n in names if n.startswith(said_prefix) and n)
        if rels == [""]:
            self._names[(old, new)] = found
        return list(found)

    def _spec(self, folder: str) -> str:
        return from_top(self.prefix + folder + "/")


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
