"""Files that appear whole or not at all: written beside, then renamed."""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, Iterator


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see half a file.
    `durable=False` skips the flush to disk, for caches: a cache lost to a crash costs only time."""
    with atomic_file(path, durable) as f:
        f.write(data)


@contextmanager
def atomic_file(path: Path, durable: bool = True, private: bool = False) -> Iterator[BinaryIO]:
    """A file to write in pieces that appears at `path` whole, when the block ends without an
    error, or not at all. `private` keeps the owner-only mode (0600) it is created with."""
    path = Path(path)
    tmp = None
    try:
        fd, tmp = _temp_beside(path)
        if not private:
            try:
                mode = stat.S_IMODE(os.stat(path).st_mode)  # replacing a file keeps its mode
            except OSError:
                mask = os.umask(0)
                os.umask(mask)
                mode = 0o666 & ~mask  # a new file gets those of a plain open(), not 0600
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            yield f
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
        raise


def _temp_beside(path: Path) -> tuple[int, Path]:
    """A new file beside `path` (owner-only, hidden, `.tmp`), open for writing. Unlike
    `tempfile.mkstemp`, a Ctrl-C the moment after the file is made (before its name is handed
    back) removes it: `seal` interrupted left a `.case.yaml.*.tmp` in cases/ now and then."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(5)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600), tmp
        except FileExistsError:
            continue  # another's name: never removed here
        except BaseException:
            with suppress(OSError):  # made by this open before the interrupt, or never made
                os.unlink(tmp)
            raise


_BINARY = getattr(os, "O_BINARY", 0)


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole or not at all: FileExistsError if it does,
    even when another program made it after the caller looked (a check then a rename would
    replace it). The bytes are written beside and hard-linked into place, which never replaces;
    where hard links are not supported, the name is claimed with O_EXCL and written in place."""
    path = Path(path)
    tmp = None
    try:
        fd, tmp = _temp_beside(path)
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system: claimed, then written in place
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
            try:
                with open(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            except BaseException:  # a full disk, Ctrl-C: no half file left to say "taken"
                os.unlink(path)
                raise
    finally:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
