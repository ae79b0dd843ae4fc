"""Where a dataset's cache folder is, and the checkout around a dataset: inside the checkout's
own git folder, which a pull request cannot commit into; $KREMLINLIST_CACHE_DIR, which may not
be anywhere one could."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _

CACHE_ENV = "KREMLINLIST_CACHE_DIR"
FOLDER = "kremlinlist-cache"  # inside the checkout's git folder


def cache_dir(root: Path) -> Path:
    """Inside the checkout's own git folder, so it goes with the checkout (a worktree's git folder
    goes with `git worktree remove`) and a pull request cannot commit it; a dataset outside git
    uses $XDG_CACHE_HOME; $KREMLINLIST_CACHE_DIR overrides both."""
    root = Path(root).resolve()
    found = git_folder(root)
    if os.environ.get(CACHE_ENV):
        return _outside_the_checkout(Path(os.environ[CACHE_ENV]), found)
    if found is not None:
        git_dir, top = found
        folder = git_dir / FOLDER
        if root == top:
            return folder
        rel = root.relative_to(top).as_posix()  # a dataset in a subfolder of the repository
        return folder / f"sub-{hashlib.sha256(os.fsencode(rel)).hexdigest()[:16]}"
    return user_cache_dir(root)


def _outside_the_checkout(folder: Path, found: tuple[Path, Path] | None) -> Path:
    """$KREMLINLIST_CACHE_DIR, refused inside the working tree of the checkout holding the
    dataset, or of the superproject holding it as a submodule, but in its git folder: a
    pull request can commit files there, and a cache file whose frame and checksum are right
    is believed, so a planted one could pass a file `validate` would refuse."""
    where = Path(os.path.realpath(folder))
    while found is not None:
        git_dir, top = found
        if _within(where, top) and not _within(where, git_dir):
            raise KremlinlistError("cache-in-checkout", _(
                "{env} names a folder inside the checkout, where a pull request could commit a "
                "cache that passes files that do not validate; set it to a folder outside the "
                "checkout (in GitHub Actions, under $RUNNER_TEMP)").format(env=CACHE_ENV),
                usage=True)
        outer = git_folder(top.parent) if top.parent != top else None
        # on to a superproject only: a submodule's git folder is inside the outer one's
        found = outer if outer is not None and _within(git_dir, outer[0]) else None
    return folder


def _within(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or under it, as the file system tells (through links, and
    on a file system that ignores case); a part not made yet is passed over."""
    for part in (path, *path.parents):
        try:
            if os.path.samefile(part, folder):
                return True
        except OSError:
            continue
    return False


def user_cache_dir(root: Path) -> Path:
    """The folder in the user's cache of the dataset at `root`: the default outside git, and
    where versions before the git folder kept every dataset's cache."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder
        base = Path(tempfile.gettempdir())
    key = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:16]
    return base / "kremlinlist" / key


def git_folder(root: Path) -> tuple[Path, Path] | None:
    """(git folder, top of the working tree) of the checkout holding `root`, read without running
    git: `.git` is a folder, or in a linked worktree or submodule a file `gitdir: <path>`."""
    for top in (root, *root.parents):
        dot = top / ".git"
        try:
            if dot.is_dir():
                return dot, top
            if dot.is_file():
                text = dot.read_text(encoding="utf-8").strip()
                if text.startswith("gitdir:"):
                    git_dir = (top / text[len("gitdir:"):].strip()).resolve()
                    if git_dir.is_dir():
                        return git_dir, top
                return None
        except (OSError, ValueError):
            return None
    return None


def make_dirs(folder: Path) -> None:
    """Create `folder` and its missing parents readable by the owner only (0700): a cache is
    nobody else's business, and a mode given at creation leaves no moment of wider access."""
    missing = []
    p = Path(folder)
    while not os.path.lexists(p) and p != p.parent:
        missing.append(p)
        p = p.parent
    for p in reversed(missing):
        try:
            os.mkdir(p, 0o700)
        except FileExistsError:
            pass
