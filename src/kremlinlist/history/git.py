"""The one place that runs git: GitPython and every `git` subprocess of the package.

`GitClient` answers questions about one repository's commits and trees (for snapshots, months
and reviews), reads tree entries through its `TreeEntries` and blobs through its `BlobStore`;
`changed_since` lists the dataset files a pull request touches (for `validate --changed-since`),
run in the checkout itself.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.problem import Problem
from kremlinlist.files import loader
from kremlinlist.files.layout import is_dataset_file

if TYPE_CHECKING:
    import git

SYMLINK_MODE = "120000"
BATCH_FROM = 8  # blobs to read before one `git cat-file --batch` beats a round trip each
# The empty tree's id by the length of an object id: SHA-1, SHA-256 (`git hash-object -t tree`)
_EMPTY_TREES = {40: "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
                64: "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321"}
_HEX = re.compile("[0-9a-f]+")
_SETTINGS = (loader.CRITERIA_FILE, loader.CONFIG_FILE)


def missing_object() -> KremlinlistError:
    return KremlinlistError("missing-object", _("a file's contents are missing from this clone "
                                                "(a partial or shallow clone?); run `git fetch "
                                                "--unshallow` or clone the repository in full"),
                            usage=True)


def _link_in_git(rel: str) -> Problem:
    return Problem(rel, 0, 0, "error", "symlink", _("the file is a symbolic link in git, which is "
                                                    "not followed; replace it with the file "
                                                    "itself"))


def _too_large(rel: str) -> Problem:
    return Problem(rel, 0, 0, "error", "file-too-large", _("the file is larger than {kib} KiB")
                   .format(kib=loader.MAX_FILE_BYTES // 1024))


@dataclass(frozen=True)
class FileChange:
    rel: str
    old_blob: str | None
    new_blob: str | None


class GitClient:
    """One repository and the dataset folder inside it: every question put to git, answered
    from the object database (never from a checkout)."""

    def __init__(self, root: Path | str):
        import git

        self.root = Path(root).resolve()
        try:
            self.repo = git.Repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise KremlinlistError("not-a-git-repository",
                               _("{root} is not inside a git repository; history needs one "
                                 "(run `git init` and commit the dataset, or pass --root)")
                               .format(root=root), usage=True) from None
        self.blobs = BlobStore(self.repo)
        self._diffs: dict[tuple[str, str, str], list[FileChange]] = {}  # tree diffs, by commits
        self._empty_tree: str | None = None
        self._commits: dict[str, str] = {}  # asked of git once a client (one command's)
        self._shallow: bool | None = None
        if self.repo.bare or self.repo.working_tree_dir is None:
            self.prefix = ""
        else:
            rel = self.root.relative_to(Path(self.repo.working_tree_dir).resolve()).as_posix()
            self.prefix = "" if rel == "." else rel + "/"
        self.entries = TreeEntries(self._git_bytes, self.prefix)

    # -- revisions ---------------------------------------------------------------------------
    def _git(self, *args: str) -> str:
        import git

        try:
            return self.repo.git.execute(["git", *args], strip_newline_in_stdout=False)
        except git.GitCommandError as exc:
            raise KremlinlistError("git-failed", _("git {command} failed (exit {status})").format(
                command=args[0], status=exc.status), usage=True) from None

    def _git_bytes(self, *args: str, stdin: bytes = b"", accept: tuple[int, ...] = (0,)) -> bytes:
        """git's output as bytes, for output that holds file names: they need not be UTF-8.
        `accept`: the exit statuses that are answers, not failures."""
        try:
            done = subprocess.run(["git", "--git-dir", self.repo.git_dir, *args], input=stdin,
                                  capture_output=True)
        except OSError:
            done = None
        if done is None or done.returncode not in accept:
            raise KremlinlistError("git-failed", _("git {command} failed (exit {status})").format(
                command=args[0], status=done and done.returncode), usage=True)
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
        known = _EMPTY_TREES.get(len(other)) if other and _HEX.fullmatch(other) else None
        return known if known is not None else self.empty_tree

    def _is_shallow(self) -> bool:
        """Whether the clone is shallow, asked together with HEAD's commit (exit 1 and no commit
        where there is none yet): HEAD is the revision a command that checks resolves next."""
        if self._shallow is None:
            said = self._git_bytes("rev-parse", "--is-shallow-repository", "--verify", "--quiet",
                                   "--end-of-options", "HEAD^{commit}",
                                   accept=(0, 1)).decode("ascii", "replace").split()
            self._shallow = said[:1] == ["true"]
            if len(said) == 2 and _HEX.fullmatch(said[1]):
                self._commits.setdefault("HEAD", said[1])
        return self._shallow

    def check_not_shallow(self) -> None:
        if self._is_shallow():
            raise KremlinlistError("shallow-clone",
                               _("this is a shallow clone, so the history of earlier months is "
                                 "missing; run `git fetch --unshallow` (in GitHub Actions, check "
                                 "out with `fetch-depth: 0`)"), usage=True)

    def resolve(self, rev: str) -> str:
        """A revision to a full commit id; the message never repeats the revision text."""
        import git

        if rev.startswith("-"):
            raise KremlinlistError("unknown-revision", _("a revision cannot start with `-`"),
                                   usage=True)
        if rev in self._commits:
            return self._commits[rev]
        try:
            commit = self.repo.git.rev_parse("--verify", "--quiet", "--end-of-options",
                                             f"{rev}^{{commit}}").strip()
        except git.GitCommandError:
            shallow = self._is_shallow()
            raise KremlinlistError("unknown-revision",
                               _("no such commit in this repository; give a branch, tag or "
                                 "commit id (this is a shallow clone: run `git fetch "
                                 "--unshallow`)") if shallow else
                               _("no such commit in this repository; give a branch, tag or "
                                 "commit id"), usage=True) from None
        self._commits[rev] = commit
        return commit

    def first_parent_chain(self, rev: str = "HEAD") -> list[tuple[str, int]]:
        """(commit, committer time) from the tip back along first parents."""
        out = self._git("log", "--first-parent", "--format=%H %ct", self.resolve(rev), "--")
        chain = []
        for line in out.splitlines():
            sha, _, ts = line.partition(" ")
            chain.append((sha, int(ts)))
        return chain

    def commit_time(self, commit: str) -> datetime:
        """When `commit` was committed (by git itself, which reads any object format)."""
        ts = self._git("log", "-1", "--format=%ct", commit, "--").strip()
        return datetime.fromtimestamp(int(ts), timezone.utc)

    def commit_before(self, instant: datetime, rev: str = "HEAD") -> str | None:
        """The last commit on the first-parent chain committed strictly before `instant`."""
        ts = int(instant.timestamp())
        out = self._git("rev-list", "--first-parent", "-1", f"--min-age={ts - 1}",
                        self.resolve(rev), "--").strip()
        return out or None

    def settings_at(self, commit: str) -> tuple[bytes | None, bytes | None]:
        """criteria.yaml's and kremlinlist.yaml's bytes at `commit` (None where missing)."""
        return (self.blob_bytes(commit, loader.CRITERIA_FILE),
                self.blob_bytes(commit, loader.CONFIG_FILE))

    def blob_bytes(self, commit: str, rel: str) -> bytes | None:
        """The bytes of the file `rel` at `commit`; None if it is missing, not a regular file
        or too large. Asks git for the tree entry (so any object format works)."""
        parts = self.entries.get(commit, rel)
        if parts is None or parts[1] != "blob" or parts[0] == SYMLINK_MODE:
            return None
        data, problems = self.read_blob(rel, parts[2] + ":" + parts[0])
        return None if problems else data

    # -- trees -------------------------------------------------------------------------------
    def changed_files(self, old: str | None, new: str | None,
                      folder: str = loader.CASES_DIR) -> list[FileChange]:
        """Files of `folder` that differ between two commits, by a tree diff (no renames: identity
        is the id inside the file, never its path)."""
        a, b = old or self._empty_beside(new), new or self._empty_beside(old)
        if a == b:
            return []
        memo = self._diffs.get((a, b, folder))
        if memo is not None:
            return list(memo)
        base = self.prefix + folder + "/"
        out = self._git_bytes("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", a, b,
                              "--", base)
        changes = _diff_entries(out.decode("utf-8", "backslashreplace").split("\0"), folder,
                                 self.prefix)
        self._diffs[(a, b, folder)] = changes
        return list(changes)

    def prefetch_changes(self, steps: Iterable[tuple[str | None, str | None]],
                         folder: str = loader.CASES_DIR) -> None:
        """Tree diffs of many pairs of commits (old, new) in one `git diff-tree --stdin` run,
        kept for `changed_files`: a walk over sixty months then starts one git process, not
        sixty (each costs some 30 ms of CPU on a tree of 10,000 files). A pair with no commit
        at one end is left to `changed_files`."""
        todo = list(dict.fromkeys((a, b) for a, b in steps if a is not None and b is not None
                                  and a != b and (a, b, folder) not in self._diffs))
        if not todo:
            return
        # A line "new old" diffs old -> new (old taken as new's parent); --always prints each
        # line's first id, so every pair's changes follow their own header, even when empty.
        out = self._git_bytes("diff-tree", "--stdin", "--always", "-r", "-z", "--no-renames",
                              "--", self.prefix + folder + "/",
                              stdin="".join(f"{b} {a}\n" for a, b in todo).encode("ascii"))
        groups = _per_header(out.decode("utf-8", "backslashreplace").split("\0"))
        if groups is None or [g[0] for g in groups] != [b for _, b in todo]:
            return  # not the answer expected: each pair is asked on its own instead
        for (a, b), group in zip(todo, groups):
            self._diffs[(a, b, folder)] = _diff_entries(group[1:], folder, self.prefix)

    def changed_names(self, old: str | None, new: str | None, rels: Iterable[str]) -> list[str]:
        """Which of the files `rels` (dataset-relative) differ between two commits."""
        a, b = old or self._empty_beside(new), new or self._empty_beside(old)
        out = self._git_bytes("diff-tree", "-r", "-z", "--name-only", "--no-commit-id", a, b,
                              "--", *(self.prefix + rel for rel in rels))
        names = out.decode("utf-8", "backslashreplace").split("\0")
        return sorted(n[len(self.prefix):] for n in names if n.startswith(self.prefix) and n)

    def read_blob(self, rel: str, blob_and_mode: str) -> tuple[bytes | None, list[Problem]]:
        """A blob's bytes by id (from a tree diff): one read, no tree lookups."""
        return self.blobs.read_one(rel, blob_and_mode)

    def read_blobs(self, items: list[tuple[str, str]],
                   batch: bool = False) -> dict[str, tuple[bytes | None, list[Problem]]]:
        """Many blobs at once, (rel, "<sha>:<mode>") -> bytes (see `BlobStore.read_many`)."""
        return self.blobs.read_many(items, batch)


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


def _diff_entries(parts: list[str], folder: str, prefix: str) -> list[FileChange]:
    """The changes of `diff-tree -r -z` output split at NULs: meta, path, meta, path... (paths
    in the repository; `prefix` is the dataset's folder in it). A name that is not UTF-8 is kept readable (\\xff): blobs are read by id, not by path,
    and such a name is never a case's id, which validation then reports."""
    changes = []
    i = 0
    while i + 1 < len(parts):
        meta, path = parts[i], parts[i + 1]
        i += 2
        if not meta.startswith(":"):
            continue
        old_mode, new_mode, old_sha, new_sha, _ = meta[1:].split(" ", 4)
        rel = path[len(prefix):]
        if "/" in rel[len(folder) + 1:] or not rel.endswith(".yaml"):
            continue  # the loader reads only cases/*.yaml
        zero = set("0")
        changes.append(FileChange(
            rel,
            None if set(old_sha) == zero else old_sha + ":" + old_mode,
            None if set(new_sha) == zero else new_sha + ":" + new_mode))
    return changes


class TreeEntries:
    """The tree entries (mode, type, id) of files in commits, for one repository's dataset: the
    settings files are asked for together (a release, a review and a snapshot's time zone read
    both, often of one commit), and an entry is kept where its commit is named by a full id
    (whose tree never changes)."""

    def __init__(self, run: Callable[..., bytes], prefix: str):
        self.run, self.prefix = run, prefix
        self.known: dict[tuple[str, str], list[str] | None] = {}

    def get(self, commit: str, rel: str) -> list[str] | None:
        """The entry of `rel` (dataset-relative) at `commit`, or None where there is none."""
        fixed = _HEX.fullmatch(commit) is not None and len(commit) in _EMPTY_TREES
        if fixed and (commit, rel) in self.known:
            return self.known[(commit, rel)]
        rels = [rel, *(r for r in _SETTINGS if r != rel)] if rel in _SETTINGS else [rel]
        out = self.run("ls-tree", "-z", "--end-of-options", commit, "--",
                       *(self.prefix + r for r in rels))
        listed: dict[str, list[str]] = {}  # path in the repository -> (mode, type, id)
        for line in out.split(b"\0"):
            meta, tab, path = line.partition(b"\t")
            parts = meta.decode("ascii", "replace").split(" ")
            if tab and len(parts) == 3:
                listed.setdefault(os.fsdecode(path) if len(rels) > 1 else rel, parts)
        found = {r: listed.get(self.prefix + r if len(rels) > 1 else r) for r in rels}
        if fixed:
            self.known.update(((commit, r), parts) for r, parts in found.items())
        return found[rel]


class BlobStore:
    """The blobs of one repository, by id: one at a time from GitPython's object database, many
    at a time through `git cat-file --batch` (two runs in all instead of a round trip each).
    Links and huge blobs are refused with a problem, as the loader refuses them on disk."""

    def __init__(self, repo: "git.Repo"):
        self.repo = repo

    def read_one(self, rel: str, blob_and_mode: str) -> tuple[bytes | None, list[Problem]]:
        """A blob's bytes by id (from a tree diff): one read, no tree lookups."""
        sha, _, mode = blob_and_mode.partition(":")
        if mode == SYMLINK_MODE:
            return None, [_link_in_git(rel)]
        if len(sha) != 40:  # GitPython's reader takes SHA-1 ids only: ask git itself
            return self.read_many([(rel, blob_and_mode)], batch=True)[rel]
        try:
            stream = self.repo.odb.stream(bytes.fromhex(sha))
        except ValueError:
            raise missing_object() from None
        if stream.size > loader.MAX_FILE_BYTES:
            return None, [_too_large(rel)]
        return stream.read(), []

    def read_many(self, items: list[tuple[str, str]],
                  batch: bool = False) -> dict[str, tuple[bytes | None, list[Problem]]]:
        """Many blobs at once, (rel, "<sha>:<mode>") -> bytes: two `git cat-file` runs in all
        instead of a round trip per file. Below a handful, reading one by one is as quick. The
        answer is keyed by path, so a batch may hold each path once."""
        if len(items) < BATCH_FROM and not batch:
            return {rel: self.read_one(rel, blob) for rel, blob in items}
        out: dict[str, tuple[bytes | None, list[Problem]]] = {}
        wanted: list[tuple[str, str]] = []
        for rel, blob in items:
            sha, _, mode = blob.partition(":")
            if mode == SYMLINK_MODE:
                out[rel] = self.read_one(rel, blob)
            else:
                wanted.append((rel, sha))
        sizes = self._cat_file("--batch-check", [sha for _, sha in wanted]).decode().splitlines()
        small = []
        for (rel, sha), header in zip(wanted, sizes):
            if header.endswith(" missing"):
                raise missing_object()
            if int(header.split()[2]) > loader.MAX_FILE_BYTES:
                out[rel] = None, [_too_large(rel)]
            else:
                small.append((rel, sha))
        raw = self._cat_file("--batch", [sha for _, sha in small])
        pos = 0
        for rel, _ in small:
            eol = raw.index(b"\n", pos)
            size = int(raw[pos:eol].split()[2])
            out[rel] = raw[eol + 1:eol + 1 + size], []
            pos = eol + 1 + size + 1
        return out

    def _cat_file(self, mode: str, shas: list[str]) -> bytes:
        try:
            return subprocess.run(["git", "--git-dir", self.repo.git_dir, "cat-file", mode],
                                  input="".join(sha + "\n" for sha in shas).encode(),
                                  capture_output=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            raise KremlinlistError("git-failed", _("git cat-file failed; is the repository "
                                                   "complete?"), usage=True) from None



def _run_cwd(root: Path, *args: str) -> bytes:
    """git's output as bytes: file names need not be UTF-8 (they are decoded as the file system
    names them, os.fsdecode, so that each still opens the file it names)."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KremlinlistError("git-failed", _("cannot run git ({error})").format(
            error=type(exc).__name__), usage=True) from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [b"no message"])[-1]
        raise KremlinlistError("git-failed", _("git failed: {message}").format(
            message=last.decode("utf-8", "backslashreplace")), usage=True)
    return done.stdout


def changed_since(root: Path, rev: str) -> tuple[list[str], list[str]]:
    """Dataset files (relative to `root`) that differ between `rev` and the working tree, or are
    new and untracked: those still there, to check, and those deleted, whose dependents (the
    cases citing a deleted organization) are checked instead."""
    if rev.startswith("-"):
        raise KremlinlistError("unknown-revision", _("a revision does not start with `-`"),
                               usage=True)
    try:
        _run_cwd(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except KremlinlistError:
        raise KremlinlistError("unknown-revision",
                               _("`{rev}` is not a commit in this repository (in CI, fetch it "
                                 "first: actions/checkout with `fetch-depth: 0`)").format(rev=rev),
                               usage=True) from None
    names = _run_cwd(root, "diff", "--name-only", "--relative", "--no-renames", "-z", rev, "--")
    names += _run_cwd(root, "ls-files", "--others", "--exclude-standard", "-z")
    out = {n for n in map(os.fsdecode, names.split(b"\0")) if n and is_dataset_file(n)}
    present = sorted(n for n in out if os.path.lexists(root / n))
    return present, sorted(out - set(present))


def file_at(root: Path, rev: str, rel: str) -> bytes | None:
    """The bytes of the dataset file `rel` at `rev` (`rev` relative to the dataset at `root`), or
    None when it is not there, too large, or `root` is not in a git repository with `rev`: for
    comparing a file with the version a change started from."""
    if rev.startswith("-"):
        return None
    try:
        spec = _run_cwd(root, "ls-tree", "-z", "--end-of-options", rev, "--", rel)
    except KremlinlistError:
        return None
    meta, _, _ = spec.partition(b"\t")
    parts = meta.decode("ascii", "replace").split(" ")
    if len(parts) != 3 or parts[1] != "blob" or parts[0] == SYMLINK_MODE:
        return None
    try:
        data = _run_cwd(root, "cat-file", "blob", parts[2])
    except KremlinlistError:
        return None
    return data if len(data) <= loader.MAX_FILE_BYTES else None


def untracked(root: Path, rels: list[str]) -> list[str] | None:
    """Which of `rels` git does not track and does not ignore (files a person should commit),
    or None when `root` is not in a git repository."""
    try:
        names = _run_cwd(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *rels)
    except KremlinlistError:
        return None
    return sorted(n for n in map(os.fsdecode, names.split(b"\0")) if n)
