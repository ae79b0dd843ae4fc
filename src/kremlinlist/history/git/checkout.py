"""The questions put to git in the checkout itself, where the files are: what a pull request
touches (`validate --changed-since`), a file as committed, the files git does not track."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.files import loader
from kremlinlist.base.gitmode import is_file_mode
from kremlinlist.history.git.command import environment, failed, not_run, searching


def _run_cwd(root: Path, *args: str, accept: tuple[int, ...] = (0,), stdin: bytes = b"") -> bytes:
    """git's output as bytes: file names need not be UTF-8 (they are decoded as the file system
    names them, os.fsdecode, so that each still opens the file it names). `accept`: the exit
    statuses that are answers, not failures."""
    try:
        done = subprocess.run(["git", *searching(root), *args], cwd=root, capture_output=True,
                              timeout=120, env=environment(), input=stdin)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise not_run(exc) from None
    if done.returncode not in accept:
        raise failed(done.stderr)
    return done.stdout


def changed_since(root: Path, rev: str | None,
                  staged: bool = False) -> tuple[list[str], list[str]]:
    """Files (relative to `root`) that differ between `rev` and the working tree, or are new and
    untracked: those still there, to check, and those deleted, whose dependents (the cases
    citing a deleted organization) are checked instead; `rev` None means HEAD. Every file, not
    only the dataset's: a stray export or a secret key is the change's too. `staged`:
    those that differ between `rev` and git's index instead (before the first commit, every file
    added; one removed from the index is deleted, though still on disk), untracked files left
    out: what the next commit holds, so that a draft never added
    does not block committing something else (pre-commit sets aside unstaged changes to tracked
    files, never untracked files)."""
    if rev is not None or not staged:
        rev = rev or "HEAD"
        _verify(root, rev)
    if staged:  # a file `git rm --cached` left on disk is deleted from what is committed
        try:
            said = _run_cwd(root, "diff", "--cached", "--name-status", "--relative",
                            "--no-renames", "-z", *([rev] if rev else []), "--").split(b"\0")
        except KremlinlistError:
            # with no revision verified (a first commit has none), outside a repository git
            # said "unknown option `cached'": rev-parse says why
            if not rev:
                _run_cwd(root, "rev-parse", "--git-dir")
            raise
        present, deleted = _sorted(root, b"\0".join(said[1::2]))
        removed = {os.fsdecode(n) for s, n in zip(said[::2], said[1::2]) if s == b"D"}
        return ([n for n in present if n not in removed],
                sorted({*deleted, *removed.intersection(present)}))
    names = _run_cwd(root, "diff", "--name-only", "--relative", "--no-renames", "-z", rev, "--")
    names += _run_cwd(root, "ls-files", "--others", "--exclude-standard", "-z")
    return _sorted(root, names)


def _verify(root: Path, rev: str) -> None:
    """Refuse `rev` unless it names a commit of the repository at `root`."""
    if rev.startswith("-"):
        raise KremlinlistError("unknown-revision", _("a revision does not start with `-`"),
                               usage=True)
    # exit 1, saying nothing: no such commit; a git that cannot run, or no repository, is
    # refused as such (it used to be reported as an unknown revision)
    if not _run_cwd(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}",
                    accept=(0, 1)).strip():
        raise KremlinlistError("unknown-revision",
                               _("the revision given is not a commit in this repository (in "
                                 "CI, fetch it first: actions/checkout with `fetch-depth: 0`)"),
                               usage=True)


def _sorted(root: Path, names: bytes) -> tuple[list[str], list[str]]:
    """git's NUL-separated `names`: (still there, deleted)."""
    out = {n for n in map(os.fsdecode, names.split(b"\0")) if n}
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
    if len(parts) != 3 or parts[1] != "blob" or not is_file_mode(parts[0]):
        return None
    try:
        data = _run_cwd(root, "cat-file", "blob", parts[2])
    except KremlinlistError:
        return None
    return data if len(data) <= loader.MAX_FILE_BYTES else None


# What makes the bytes git writes into a checkout other than the commit's
_CONVERTING = ("working-tree-encoding", "filter", "ident")


def converted(root: Path, rels: list[str]) -> list[str]:
    """Which of `rels` git converts between a commit and the checkout (a `.gitattributes`, which
    a pull request can commit, sets `working-tree-encoding`, `filter` or `ident` for it): what
    validate reads on disk is then not what the commit holds, which a release reads. None
    outside a git repository."""
    if not rels:
        return []
    try:
        said = _run_cwd(root, "check-attr", "-z", "--stdin", *_CONVERTING,
                        stdin=os.fsencode("\0".join(rels) + "\0")).split(b"\0")
    except KremlinlistError as exc:
        if exc.code == "planted-repository":
            raise
        return []
    return sorted({os.fsdecode(said[i]) for i in range(0, len(said) - 2, 3)
                   if said[i + 2] not in (b"unspecified", b"unset")})


def untracked(root: Path, rels: list[str]) -> list[str] | None:
    """Which of `rels` (none given: of every file) git does not track and does not ignore (files
    a person should commit, or drafts not yet added), or None when `root` is not in a git
    repository."""
    return _listed(root, "--others", "--", *rels)


def unstaged(root: Path) -> list[str]:
    """The files under `root` whose copy on disk differs from what git's index holds (changes not
    staged), relative to `root`."""
    return sorted({n for n in map(os.fsdecode, _run_cwd(root, "diff", "--name-only", "--relative",
                                                        "--no-renames", "-z", "--")
                                  .split(b"\0")) if n})


def indexed(root: Path) -> list[str]:
    """Every file under `root` that git's index holds (what the next commit will), relative to
    `root`; refused outside a repository."""
    return sorted({n for n in map(os.fsdecode, _run_cwd(root, "ls-files", "--cached", "-z")
                                  .split(b"\0")) if n})


def committable(root: Path) -> list[str] | None:
    """Every file under `root` that git would commit (tracked, or untracked and not ignored),
    relative to `root`; None when `root` is not in a git repository. A tracked file deleted
    from the working tree is among them."""
    return _listed(root, "--cached", "--others")


def _listed(root: Path, *args: str) -> list[str] | None:
    """`git ls-files --exclude-standard` with `args`, as names relative to `root` (each once)."""
    try:
        names = _run_cwd(root, "ls-files", "--exclude-standard", "-z", *args)
    except KremlinlistError as exc:
        if exc.code == "planted-repository":
            raise
        return None
    return sorted({n for n in map(os.fsdecode, names.split(b"\0")) if n})
