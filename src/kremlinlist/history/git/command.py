"""How this package starts git: in an environment that lets git find the repository from the
dataset's own folder, with paths that mean the same from any folder."""

from __future__ import annotations

import os
from pathlib import Path

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.caches.folder import git_folder

# What would point git at another repository or work tree than the one around the dataset's
# folder: git sets GIT_DIR for the hooks of a linked worktree, for one, where a pre-commit hook
# running in a subfolder would then have read the wrong folder's files, or none.
_LOCATING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")


def environment(**extra: str) -> dict[str, str]:
    """The environment of a git process: this one's without what locates a repository."""
    return {**{k: v for k, v in os.environ.items() if k not in _LOCATING}, **extra}


def searching(root: Path) -> list[str]:
    """The options of a git that finds its repository from `root`, refused (before any git
    runs) where git would take a folder between `root` and the top of the checkout holding it
    for a repository of its own: a `HEAD` beside `objects`, `refs` or `commondir` (links,
    files or folders, as git takes them) that a pull request committed into the dataset's
    folder, whose `config` would run its `core.fsmonitor` or a filter on the next command.
    Inside a checkout git is also told to take no bare repository it finds by searching
    (`safe.bareRepository=explicit`, git 2.38 on; an older git ignores it), on its command
    line, which no setting in the environment overrides; a bare repository with no checkout
    around it (one the user pointed the tool at) is git's to find."""
    here = Path(os.path.abspath(root))
    found = git_folder(here)
    if found is None:
        return []
    folder = here
    while folder != found[1] and folder != folder.parent:
        if os.path.lexists(folder / "HEAD") and any(
                os.path.lexists(folder / name) for name in ("objects", "refs", "commondir")):
            raise KremlinlistError("planted-repository", _(
                "git would take a folder inside this checkout for a repository of its own (a "
                "HEAD, objects/ and refs/ committed there), whose settings could run a program: "
                "git is not run; remove those files"), usage=True)
        folder = folder.parent
    return ["-c", "safe.bareRepository=explicit"]


def from_top(path: str) -> str:
    """A path in the repository as a pathspec taken from its top, as written (no wildcard: a
    folder named `data[1]` is that folder), wherever git thinks the current folder is."""
    return ":(top,literal)" + path


def not_run(exc: BaseException) -> KremlinlistError:
    """The refusal for a git that could not be started (or never ended)."""
    return KremlinlistError("git-failed", _("cannot run git ({error})").format(
        error=type(exc).__name__), usage=True)


def failed(stderr: bytes) -> KremlinlistError:
    """The refusal for a git that ended in failure, in git's own words."""
    return KremlinlistError("git-failed", _("git failed: {message}").format(
        message=reason(stderr)), usage=True)


def reason(stderr: bytes) -> str:
    """git's own reason for failing: its `fatal:` or `error:` line, else its last line."""
    lines = [line.strip() for line in stderr.decode("utf-8", "backslashreplace").splitlines()]
    said = [line for line in lines if line.startswith(("fatal:", "error:"))] or \
        [line for line in lines if line] or ["no message"]
    return said[0]
