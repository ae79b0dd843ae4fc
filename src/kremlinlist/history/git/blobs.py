"""A repository's files by blob id, from the client's `git cat-file --batch` (`Reader`), one at
a time or many in a row. Links and huge blobs are refused with a problem, as the loader refuses
them on disk."""

from __future__ import annotations

import re

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.gitmode import SYMLINK_MODE, is_file_mode
from kremlinlist.base.problem import Problem
from kremlinlist.files import loader
from kremlinlist.history.git.reader import Answer, Reader

HEX = re.compile("[0-9a-f]+")  # an object id as git prints it, in either format


def missing_object() -> KremlinlistError:
    return KremlinlistError("missing-object", _("a file's contents are missing from this clone "
                                                "(a partial or shallow clone?); run `git fetch "
                                                "--unshallow` or clone the repository in full"),
                            usage=True)


def _link_in_git(rel: str) -> Problem:
    return Problem(rel, 0, 0, "error", "symlink", _("the file is a symbolic link in git, which is "
                                                    "not followed; replace it with the file "
                                                    "itself"))


def not_a_file(rel: str, mode: str) -> Problem:
    """A tree entry that is no regular file: a link, or a submodule (a gitlink)."""
    if mode == SYMLINK_MODE:
        return _link_in_git(rel)
    return Problem(rel, 0, 0, "error", "not-a-file", _("this is not a file in git (a submodule, "
                                                       "or another kind of entry); replace it "
                                                       "with the file itself"))


def _too_large(rel: str) -> Problem:
    return Problem(rel, 0, 0, "error", "file-too-large", _("the file is larger than {kib} KiB")
                   .format(kib=loader.MAX_FILE_BYTES // 1024))


class BlobStore:
    """The blobs of one repository, by id, from a `git cat-file --batch` kept running for the
    client's life (`Reader`), which the client asks of its trees and commits too: a command
    starts one, not one per question. Links and huge blobs are refused with a problem, as the
    loader refuses them on disk."""

    def __init__(self, git_dir: str):
        self.git_dir = git_dir
        self._reader: Reader | None = None

    def close(self) -> None:
        """Stop the running `git cat-file` now, not when the store is collected: a refusal's
        traceback keeps the store alive, and a script that is refused in a loop piled them up."""
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    def ask(self, names: list[str], bound: int | None) -> list[Answer | None]:
        """`Reader.ask` of this process's reader, started on first use (and again after one
        was stopped out of step, or in a forked child)."""
        if self._reader is None or not self._reader.usable():
            self._reader = Reader(["git", "--git-dir", self.git_dir, "cat-file", "--batch"])
        return self._reader.ask(names, bound)

    def read_one(self, rel: str, blob_and_mode: str) -> tuple[bytes | None, list[Problem]]:
        """A blob's bytes by id (from a tree diff): one read, no tree lookups."""
        return self.read_many([(rel, blob_and_mode)])[rel]

    def read_many(self, items: list[tuple[str, str]]
                  ) -> dict[str, tuple[bytes | None, list[Problem]]]:
        """Many blobs at once, (rel, "<sha>:<mode>") -> bytes, asked of the reader in a row.
        The answer is keyed by path, so a batch may hold each path once."""
        out: dict[str, tuple[bytes | None, list[Problem]]] = {}
        wanted: list[tuple[str, str]] = []
        for rel, blob in items:
            sha, _, mode = blob.partition(":")
            if mode and not is_file_mode(mode):
                out[rel] = None, [not_a_file(rel, mode)]
            elif not HEX.fullmatch(sha):
                raise missing_object()
            else:
                wanted.append((rel, sha))
        answers = self.ask([sha for _, sha in wanted], loader.MAX_FILE_BYTES)
        for (rel, _), answer in zip(wanted, answers):
            if answer is None:
                raise missing_object()
            out[rel] = (None, [_too_large(rel)]) if answer.data is None else (answer.data, [])
        return out
