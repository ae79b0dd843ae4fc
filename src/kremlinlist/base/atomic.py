"""Files that appear whole or not at all: written beside, then renamed."""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
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
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
