"""A folder that appears whole or not at all, and is replaced only as its caller allows: a
release's, a site's. Written beside under a temporary name, then renamed into place (renameat2's
RENAME_NOREPLACE and RENAME_EXCHANGE where Linux has them, else an empty folder claiming the name
or two renames that the next run completes or rolls back), one run at a time under a lock."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX (Windows): releases are not locked there
    fcntl = None  # type: ignore[assignment]


from kremlinlist.base.errors import KremlinlistError

_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2
_AT_FDCWD = -100


def _renameat2(src: Path, dst: Path, flags: int) -> bool:
    """Linux's renameat2 (glibc 2.28+) with `flags`. False when the C library, kernel or file
    system lacks it (the caller falls back); OSError for a real failure, e.g. EEXIST."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if call(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), flags) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(dst))


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold the lock of `target` (fcntl.flock on `.NAME.lock` beside it), so one run at a time
    writes, recovers or replaces that folder. The lock file is removed on the way out; a run that
    locked a file another run has since removed locks again. Without fcntl (Windows) there is no
    lock: two runs at once are then kept apart only by the final rename, which cannot replace."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = target.parent / f".{target.name}.lock"
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                try:
                    yield
                finally:
                    os.unlink(path)
                return
        finally:
            os.close(fd)


def _leftovers(target: Path, suffix: str) -> list[Path]:
    """`target`'s own temporary folders (named as mkdtemp names them), oldest first."""
    own = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\{suffix}")
    return sorted((p for p in target.parent.iterdir() if own.fullmatch(p.name)
                   and p.is_dir() and not p.is_symlink()), key=lambda p: p.stat().st_mtime)


def _recover(target: Path) -> None:
    """Finish what a killed run left (under the lock, so nothing here is another run's): a
    target swapped out but not replaced comes back from its `.old` folder; stale `.tmp` and `.old`
    folders go, and so does an empty target (a claim whose contents never arrived)."""
    olds = _leftovers(target, ".old")
    if not target.exists() and olds:
        os.rename(olds.pop(), target)
    for stale in _leftovers(target, ".tmp") + olds:
        shutil.rmtree(stale, ignore_errors=True)
    if target.is_dir() and not target.is_symlink() and not any(target.iterdir()):
        os.rmdir(target)


def _place(tmp: Path, target: Path, exists: Callable[[Path], Exception]) -> None:
    """Rename `tmp` to `target`, never replacing anything there."""
    try:
        if _renameat2(tmp, target, _RENAME_NOREPLACE):
            return
    except FileExistsError:
        raise exists(target) from None
    # No renameat2: an empty folder claims the name (mkdir cannot replace), and the rename onto
    # that empty folder of our own is atomic on POSIX.
    try:
        os.mkdir(target)
    except FileExistsError:
        raise exists(target) from None
    try:
        os.rename(tmp, target)
    except BaseException:
        os.rmdir(target)
        raise


def _swap(tmp: Path, target: Path, replaceable: Callable[[Path], None]) -> None:
    """Put `tmp` in the place of `target`, atomically where the OS can exchange two names;
    otherwise in two renames that the next run completes or rolls back (see _recover). What was
    taken away is checked with `replaceable` before it is removed: a folder another program
    filled meanwhile is put back, and the refusal raised."""
    if _renameat2(tmp, target, _RENAME_EXCHANGE):
        try:
            replaceable(tmp)  # now the old folder
        except BaseException:  # a refusal, an unreadable folder, Ctrl-C: the old one goes back
            _renameat2(tmp, target, _RENAME_EXCHANGE)
            raise
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = tmp.with_suffix(".old")
    os.rename(target, old)
    try:
        replaceable(old)
        os.rename(tmp, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_folder(target: Path, fill: Callable[[Path], None], force: bool,
                 replaceable: Callable[[Path], None],
                 exists: Callable[[Path], Exception]) -> None:
    """Have `fill` write the folder `target`, which appears whole or not at all. Without `force`
    nothing already there is ever replaced, even by a run that started at the same time (the
    refusal is `exists(target)`); with it, only what `replaceable` accepts (it raises a
    KremlinlistError otherwise), checked when it is replaced."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target):
        _recover(target)
        if target.exists() and not force:
            raise exists(target)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".tmp"))
        try:
            fill(tmp)
            os.chmod(tmp, 0o755)
            if force and os.path.lexists(target):
                replaceable(target)
                _swap(tmp, target, replaceable)
            else:
                _place(tmp, target, exists)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
