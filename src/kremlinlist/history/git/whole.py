"""What a client refuses of a revision's tree that no checkout could hold: a dataset folder that
is a link, a file or a submodule (none of its files is read), and a path held twice (`git fsck`:
duplicateEntries), which a tree diff says once or twice, so that one file was read as two, or
the second version as a new person. `FolderFiles` tells the second from a diff alone."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.gitmode import SYMLINK_MODE
from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.files.layout import ACTIONS_DIR, CASES_DIR

GITLINK_MODE = "160000"  # a submodule's entry: it names a commit of another repository
_KEPT = 4  # the commits whose files (a folder's, each once) are kept for a walk's steps


def not_a_folder(folder: str, mode: str) -> Problem:
    """A dataset folder that is no folder at a commit, so none of its files is read: a link,
    said as the loader says it on disk, a submodule (its files are another repository's) or a
    file."""
    if mode == SYMLINK_MODE:
        return Problem(folder, 0, 0, "error", "symlink",
                       _("`{folder}/` is a symbolic link, which is not followed; make it a "
                         "folder").format(folder=folder))
    if mode == GITLINK_MODE:
        return Problem(folder, 0, 0, "error", "not-a-folder",
                       _("`{folder}/` is a submodule in git, not a folder: its files are "
                         "another repository's, and none of them is read; make it a folder of "
                         "this repository").format(folder=folder))
    return Problem(folder, 0, 0, "error", "not-a-folder",
                   _("`{folder}/` is a file in git, not a folder, so no file of it is read; "
                     "make it a folder").format(folder=folder))


def held_twice(rel: str) -> KremlinlistError:
    """The refusal of a revision whose tree holds the path `rel` (dataset-relative) twice, as
    only a damaged or forged tree does: each of the two would be read as the file. A file of
    cases/ or actions/ is not named: its name may be a withheld person's id."""
    folder, sep, _name = rel.partition("/")
    if sep and folder in (CASES_DIR, ACTIONS_DIR):
        message = _("a tree of this revision holds a file of `{folder}/` twice, which only a "
                    "damaged repository does (`git fsck` says duplicateEntries), so it is not "
                    "read; the file is not named here (its name may be a withheld person's "
                    "id); give another revision, or commit the file anew").format(folder=folder)
    else:
        message = _("a tree of this revision holds {file} twice, which only a damaged "
                    "repository does (`git fsck` says duplicateEntries), so it is not read; "
                    "give another revision, or commit the file anew").format(file=rel)
    return KremlinlistError("git-failed", message, usage=True)


def refuse_twice(rels: Iterable[str]) -> None:
    """Refuse the first path met a second time in `rels` (one revision's listing)."""
    seen: set[str] = set()
    for rel in rels:
        if rel in seen:
            raise held_twice(rel)
        seen.add(rel)


class FolderFiles:
    """The files of a folder at the last few commits a client listed or stepped to, each once:
    from them, a diff's step tells a path the other end holds twice, which the diff says once
    (a file added that was there, or one deleted that stays), with no listing of its own."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], set[str]] = {}

    def keep(self, commit: str, folder: str, files: set[str]) -> None:
        """The files of `folder` at `commit`: the last few only, a folder of 10,000 cases being
        some megabytes of names."""
        if len(self._files) >= _KEPT:
            del self._files[next(iter(self._files))]
        self._files[(commit, folder)] = files

    def check(self, old: str | None, new: str | None, folder: str, changes: list[Any],
              listing: Callable[[str], list[Any]]) -> None:
        """Refuse a tree at either end of a diff (`changes`: its `FileChange`s) that holds one
        of `folder`'s files twice: said twice by the diff, or once, where the files known at
        the other end (else `listing` them: a walk's first step only) tell it."""
        refuse_twice(ch.rel for ch in changes)
        added = {ch.rel for ch in changes if ch.old_blob is None}
        deleted = {ch.rel for ch in changes if ch.new_blob is None}
        if not old or not new:  # from nothing, or to it: every file, each once
            if end := old or new:
                self.keep(end, folder, added | deleted)
            return
        before, after = self._files.get((old, folder)), self._files.get((new, folder))
        if before is None and after is not None:
            if twice := sorted(deleted & after):
                raise held_twice(twice[0])
            self.keep(old, folder, (after - added) | deleted)
            return
        if before is None:
            before = {ch.rel for ch in listing(old)}
        if twice := sorted(added & before):
            raise held_twice(twice[0])
        self.keep(new, folder, (before - deleted) | added)
