"""`Reader`: one `git cat-file --batch` kept running for a client's life, answering object names
(a blob's id, `<rev>^{commit}`, `<commit>^{tree}`) on its pipes; `DiffReader`: one `git
diff-tree --stdin`, answering pairs of trees. Each answer is a round trip, where asking git
anew cost a process (3-6 ms; a command asked some dozens)."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import weakref
from typing import IO, NamedTuple

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.history.git.command import environment

# Bytes of names written before their answers are read: every pipe holds that much, so the
# names never wait on git while git waits on its answers being read (no deadlock).
CHUNK = 4096


class Answer(NamedTuple):
    oid: str
    kind: str  # blob, tree, commit or tag
    data: bytes | None  # None: larger than the bound asked, skipped unread


def plain(name: str) -> bool:
    """Whether `name` goes through the pipe as it is: one line, no blank (git would trim a
    carriage return, and a blank is where its answer's fields part). It is written as git's
    bytes (`os.fsencode`), as an argument is: a branch `café` is git's UTF-8 name, and a name
    not UTF-8 (an escaped byte: not printable) is asked of git's own command instead."""
    return bool(name) and name.isprintable() and not any(c.isspace() for c in name)


class _Running:
    """A git kept running on two pipes; stopped by `stop` (once, whoever first: the client's
    close, a collection, or a reader out of step), only by the process that started it."""

    def __init__(self, command: list[str]):
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            env=environment())
        except OSError:
            raise cat_file_failed() from None
        self.pid = os.getpid()
        self.stop = weakref.finalize(self, _stop, self.process, self.pid)

    def usable(self) -> bool:
        """Whether this process may ask it: not stopped, and started here (a forked child
        starts its own: two processes never share one's pipes)."""
        return self.stop.alive and self.pid == os.getpid()


class Reader(_Running):
    """A `git cat-file --batch`."""

    def ask(self, names: list[str], bound: int | None) -> list[Answer | None]:
        """The answer to each of `names` (all `plain`), in order; None where git finds no such
        object (or an ambiguous one). An object over `bound` bytes is skipped unread. Anything
        else, an interruption included, leaves the reader out of step with its git: it is
        stopped then, not when the refusal's traceback lets it go."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        out: list[Answer | None] = []
        try:
            start = 0
            lines = [os.fsencode(n) + b"\n" for n in names]
            while start < len(names):
                end, size = start, 0
                while end < len(names) and (end == start or size + len(lines[end]) <= CHUNK):
                    size += len(lines[end])
                    end += 1
                try:
                    stdin.write(b"".join(lines[start:end]))
                    stdin.flush()
                except OSError:
                    raise cat_file_failed() from None
                out += [_answer(stdout, bound) for _ in range(start, end)]
                start = end
        except BaseException:
            self.stop()
            raise
        return out


class DiffReader(_Running):
    """A `git diff-tree --stdin -z --always` (with the pathspecs it was started with) that
    answers one pair of trees at a time: each pair's line is followed by one that names no
    object, which git echoes and flushes its output at, so the answer comes whole (not when
    git's buffer fills) and its end is known."""

    def __init__(self, command: list[str]):
        super().__init__(command)
        self.end = b"#end " + secrets.token_hex(8).encode("ascii") + b"\n"

    def diff(self, old_tree: str, new_tree: str) -> bytes | None:
        """What git prints of the changes from `old_tree` to `new_tree` (full ids), as a run
        of `diff-tree -r -z --no-commit-id` prints them; None, and the reader stopped, where
        the answer is not the one expected (git could not read a tree, or ended): the pair is
        then asked of git on its own, which says why. Interrupted, it is stopped too."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        header = f"{old_tree} {new_tree}\n".encode("ascii")
        try:
            stdin.write(header + self.end)
            stdin.flush()
            chunks, tail = [], b""
            while not tail.endswith(self.end):
                chunk = stdout.read1(1 << 16)
                if not chunk:
                    raise cat_file_failed()
                chunks.append(chunk)
                tail = (tail + chunk)[-len(self.end):]
        except Exception:
            self.stop()
            return None
        except BaseException:
            self.stop()
            raise
        out = b"".join(chunks)[:-len(self.end)]
        if not out.startswith(header):
            self.stop()
            return None
        return out[len(header):]


def _answer(stdout: IO[bytes], bound: int | None) -> Answer | None:
    try:
        header = stdout.readline().split()
    except OSError:
        raise cat_file_failed() from None
    if header[-1:] == [b"missing"] or header[-1:] == [b"ambiguous"]:
        return None
    if len(header) != 3 or not header[2].isdigit():
        raise cat_file_failed()
    size = int(header[2])
    oid, kind = header[0].decode("ascii", "replace"), header[1].decode("ascii", "replace")
    if bound is not None and size > bound:
        _skip(stdout, size + 1)
        return Answer(oid, kind, None)
    data = stdout.read(size)
    if len(data) != size or stdout.read(1) != b"\n":
        raise cat_file_failed()
    return Answer(oid, kind, data)


def _skip(stream: IO[bytes], count: int) -> None:
    """Read and drop `count` bytes (an object too large to keep), a megabyte at a time."""
    while count > 0:
        chunk = stream.read(min(count, 1 << 20))
        if not chunk:
            raise cat_file_failed()
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


def cat_file_failed() -> KremlinlistError:
    return KremlinlistError("git-failed", _("git cat-file failed; is the repository complete?"),
                            usage=True)
