"""A repository's files by blob id: one at a time from a `git cat-file --batch` kept running,
many at a time in two runs. Links and huge blobs are refused with a problem, as the loader
refuses them on disk."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import weakref
from typing import IO

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.gitmode import SYMLINK_MODE, is_file_mode
from kremlinlist.base.problem import Problem
from kremlinlist.files import loader
from kremlinlist.history.git.command import environment

BATCH_FROM = 8  # blobs to read before one `git cat-file --batch` beats a round trip each
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
    """The blobs of one repository, by id: one at a time from a `git cat-file --batch` kept
    running for the client's life, many at a time through two `git cat-file` runs (the sizes,
    then the contents) instead of a round trip each. Links and huge blobs are refused with a
    problem, as the loader refuses them on disk."""

    def __init__(self, git_dir: str):
        self.git_dir = git_dir
        self._reader: _Reader | None = None

    def close(self) -> None:
        """Stop the running `git cat-file` now, not when the store is collected: a refusal's
        traceback keeps the store alive, and a script that is refused in a loop piled them up."""
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    def read_one(self, rel: str, blob_and_mode: str) -> tuple[bytes | None, list[Problem]]:
        """A blob's bytes by id (from a tree diff): one read, no tree lookups."""
        sha, _, mode = blob_and_mode.partition(":")
        if mode and not is_file_mode(mode):
            return None, [not_a_file(rel, mode)]
        if not HEX.fullmatch(sha):
            raise missing_object()
        if self._reader is None or self._reader.pid != os.getpid():
            # a forked worker starts its own: two processes never share one's pipe
            self._reader = _Reader(["git", "--git-dir", self.git_dir, "cat-file", "--batch"])
        try:
            data = self._reader.read(sha)
        except KremlinlistError as exc:
            if exc.code != "missing-object":
                # out of step with its git: stopped now, not when the refusal's traceback lets
                # it go; the next read starts another
                self.close()
            raise
        return (None, [_too_large(rel)]) if data is None else (data, [])

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
            if mode and not is_file_mode(mode):
                out[rel] = self.read_one(rel, blob)
            elif not HEX.fullmatch(sha):
                raise missing_object()
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
            return subprocess.run(["git", "--git-dir", self.git_dir, "cat-file", mode],
                                  input="".join(sha + "\n" for sha in shas).encode(),
                                  capture_output=True, check=True, env=environment()).stdout
        except (OSError, subprocess.CalledProcessError):
            raise _cat_file_failed() from None


class _Reader:
    """A `git cat-file --batch` answering one object at a time; stopped when the client goes
    (or at exit). A blob over the size bound is skipped unread, in chunks, and None returned."""

    def __init__(self, command: list[str]):
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            env=environment())
        except OSError:
            raise _cat_file_failed() from None
        self.pid = os.getpid()
        self.stop = weakref.finalize(self, _stop, self.process, self.pid)  # once, whoever first

    def read(self, sha: str) -> bytes | None:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(sha.encode("ascii") + b"\n")
            stdin.flush()
            header = stdout.readline().split()
        except OSError:
            raise _cat_file_failed() from None
        if header[-1:] == [b"missing"] or header[-1:] == [b"ambiguous"]:
            raise missing_object()
        if len(header) != 3 or not header[2].isdigit():
            raise _cat_file_failed()
        size = int(header[2])
        if size > loader.MAX_FILE_BYTES:
            _skip(stdout, size + 1)
            return None
        data = stdout.read(size)
        if len(data) != size or stdout.read(1) != b"\n":
            raise _cat_file_failed()
        return data


def _skip(stream: IO[bytes], count: int) -> None:
    """Read and drop `count` bytes (a blob too large to keep), a megabyte at a time."""
    while count > 0:
        chunk = stream.read(min(count, 1 << 20))
        if not chunk:
            raise _cat_file_failed()
        count -= len(chunk)


def _stop(process: subprocess.Popen, pid: int) -> None:
    """End a reader's git, only by the process that started it: killed, not asked to end by
    closing its input, which a forked child still holding that pipe would keep open (the
    command then waited for it)."""
    if os.getpid() != pid:
        return
    process.kill()  # it only reads: nothing of it is left half-done
    process.wait()
    for pipe in (process.stdin, process.stdout):
        with contextlib.suppress(OSError):
            pipe.close()  # type: ignore[union-attr]


def _cat_file_failed() -> KremlinlistError:
    return KremlinlistError("git-failed", _("git cat-file failed; is the repository complete?"),
                            usage=True)
