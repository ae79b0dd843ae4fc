"""The dataset files a pull request adds or changes, from git: what `validate --changed-since` checks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kremlinlist.files.layout import is_dataset_file as dataset_file
from kremlinlist.base.errors import KremlinlistError


def _git(root: Path, *args: str) -> bytes:
    """git's output as bytes: file names need not be UTF-8 (they are decoded as the file system
    names them, os.fsdecode, so that each still opens the file it names)."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KremlinlistError("git-failed", f"cannot run git ({type(exc).__name__})",
                               usage=True) from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [b"no message"])[-1]
        raise KremlinlistError("git-failed", "git failed: " + last.decode("utf-8", "backslashreplace"),
                               usage=True)
    return done.stdout


def since(root: Path, rev: str) -> tuple[list[str], list[str]]:
    """Dataset files (relative to `root`) that differ between `rev` and the working tree, or are
    new and untracked: those still there, to check, and those deleted, whose dependents (the
    cases citing a deleted organization) are checked instead."""
    if rev.startswith("-"):
        raise KremlinlistError("unknown-revision", "a revision does not start with `-`",
                               usage=True)
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except KremlinlistError:
        raise KremlinlistError("unknown-revision", f"`{rev}` is not a commit in this repository (in "
                               "CI, fetch it first: actions/checkout with `fetch-depth: 0`)",
                               usage=True) from None
    names = _git(root, "diff", "--name-only", "--relative", "--no-renames", "-z", rev, "--")
    names += _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    out = {n for n in map(os.fsdecode, names.split(b"\0")) if n and dataset_file(n)}
    present = sorted(n for n in out if os.path.lexists(root / n))
    return present, sorted(out - set(present))
