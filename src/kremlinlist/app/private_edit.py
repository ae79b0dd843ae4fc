"""`kremlinlist edit-private`: a case's private block opened into an owner-only scratch file,
edited, checked and sealed again.

The plaintext is only ever in that file (in a private folder on a memory file system where there
is one), which is overwritten and removed whatever happens. Nothing the user wrote is lost: a
block that fails its checks is shown again in the editor with the problems above it, as `git
commit` does; an edit that cannot be put into the case file (a check given up on, a conflict, a
failed write, Ctrl-C or a signal while the block is open) is kept sealed for the recipients in a
recovery file, never in plain text.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from pydantic import ValidationError

from kremlinlist.app.seal import (sealed_case, sealed_yaml, sealing_keys, splice, unseal_block,
                                  write_checked)
from kremlinlist.base.atomic import write_atomic
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.base.signals import ENDING, Terminated
from kremlinlist.files import loader, sealed, yamlsafe
from kremlinlist.model.case import Private

MEMORY_FS = Path("/dev/shm")
# The lines edit-private puts above a block that failed its checks; they are taken out again.
NOTE = b"#! "


SCRATCH_PREFIX = "kremlinlist-edit-"
_SCRATCH_NAME = re.compile(r"kremlinlist-(?:edit-(?P<pid>[0-9]+)-)?[a-z0-9_]{8}\Z")


def _scratch_base() -> str:
    """Where edit-private's private folders go: a memory file system where the OS has one."""
    if MEMORY_FS.is_dir() and os.access(MEMORY_FS, os.W_OK):
        return str(MEMORY_FS)
    return tempfile.gettempdir()


def _scratch_dir() -> str:
    """A folder only the owner can enter, named by this process so a later run can tell it was
    left by a run that was killed."""
    return tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=_scratch_base())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is someone else's
        return True
    return True


def remove_stale_scratch() -> int:
    """Wipe and remove the folders of this user that a killed edit-private left behind (the
    process named in the folder is gone; a folder of an older version names none); how many."""
    base, removed = _scratch_base(), 0
    try:
        names = os.listdir(base)
    except OSError:
        return 0
    for name in names:
        found = _SCRATCH_NAME.match(name)
        path = os.path.join(base, name)
        if found is None or (found["pid"] and _alive(int(found["pid"]))):
            continue
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if st.st_uid != os.getuid() or not stat.S_ISDIR(st.st_mode):
            continue
        if not found["pid"] and not _looks_like_scratch(path, st):
            continue  # an older version's name is too plain to remove a folder on it alone
        _wipe_folder(path)
        removed += 1
    return removed


def _looks_like_scratch(path: str, st: os.stat_result) -> bool:
    try:
        return stat.S_IMODE(st.st_mode) == 0o700 and set(os.listdir(path)) <= {"private.yaml"}
    except OSError:
        return False


def _wipe_folder(folder: str) -> None:
    """Overwrite every file of `folder`, then remove it (nothing is raised: it is cleanup)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        entries = []
    for entry in entries:
        if entry.is_file(follow_symlinks=False):
            try:
                _wipe(Path(entry.path))
            except OSError:
                pass
    shutil.rmtree(folder, ignore_errors=True)


@dataclass
class PrivateEdit:
    """What edit-private did: whether the block changed, and how many folders left by a killed
    run it removed first."""

    changed: bool
    stale_removed: int = 0


class EditInterrupted(BaseException):
    """Ctrl-C or a signal ended edit-private after the user had saved a change: the change is
    kept sealed in a recovery file (`kept` says where), and the caller ends as `interrupt`
    would have ended it (a BaseException, as the interrupt is)."""

    def __init__(self, interrupt: BaseException, kept: KremlinlistError) -> None:
        super().__init__(kept.message)
        self.interrupt = interrupt
        self.kept = kept


def edit_private(root: Path, case_id: str, editor: Callable[[Path], None],
                 identity: Path | None = None) -> PrivateEdit:
    """Open a case's private block into a private file, let `editor` change it, check it and
    seal it again. The file is overwritten and removed whatever happens: an error, Ctrl-C, or a
    signal the caller turned into `Terminated`; after an interrupt, what the user last saved is
    kept sealed (EditInterrupted)."""
    keys = sealing_keys(root, _("kremlinlist.yaml lists no `recipients:`; edit the private block "
                                "in the file itself"))
    rel, case, loaded = sealed_case(root, case_id)
    stale = remove_stale_scratch()
    before = unseal_block(root, case_id, identity) if case.private is not None else ""
    folder = _scratch_dir()
    rounds = _Rounds(Path(folder) / "private.yaml", before.encode("utf-8"))
    try:
        after, invalid = rounds.until_valid(editor)
    except (KeyboardInterrupt, Terminated) as stop:
        with _uninterrupted():
            latest = rounds.latest()
            _wipe_folder(folder)
            _keep_interrupted(stop, latest, rounds.before, keys, case_id)
        raise
    finally:
        _wipe_folder(folder)
    if after == rounds.before:
        return PrivateEdit(False, stale)
    try:
        armored, sealed_for = sealed.seal(after, keys)
        if invalid is not None:
            raise _kept(invalid, case_id, armored)
        _seal_into(root, rel, loaded, case_id, armored, sealed_for)
    except (KeyboardInterrupt, Terminated) as stop:  # the editor had closed: the edit is kept
        with _uninterrupted():
            _keep_interrupted(stop, after, rounds.before, keys, case_id)
        raise
    return PrivateEdit(True, stale)


def _seal_into(root: Path, rel: str, loaded: loader.Loaded, case_id: str, armored: str,
               sealed_for: list[str]) -> None:
    """The sealed block written into the case file; what cannot be is kept in a recovery file."""
    try:
        text = _unchanged_but_for_others(root, rel, loaded)
        new = splice(text, "private", sealed_yaml("private", armored, sealed_for))
        write_checked(root, rel, text, new, "private", {"sealed": armored.strip() + "\n",
                                                        "sealed_for": sealed_for})
    except KremlinlistError as exc:
        raise _kept(exc, case_id, armored) from None
    except OSError as exc:
        raise _kept(KremlinlistError("edit-not-saved", _(
            "{file} could not be written ({reason})").format(
                file=rel, reason=exc.strerror or type(exc).__name__)), case_id, armored) from None


def _keep_interrupted(stop: BaseException, latest: bytes, before: bytes, keys: list[str],
                      case_id: str) -> None:
    """EditInterrupted when the user had saved a change (`latest`), sealed into a recovery file;
    nothing when there was none to keep (the interrupt then goes on as it came)."""
    if latest == before:
        return
    problem = KremlinlistError("edit-not-saved", _(
        "edit-private was interrupted before the edit was sealed into the case file"))
    raise EditInterrupted(stop, _kept(problem, case_id, sealed.seal(latest, keys)[0])) from None


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """A second Ctrl-C or signal, while an interrupted edit is wiped and kept, is ignored: it
    would cut the keeping short (the first one still ends the command)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {signum: signal.signal(signum, signal.SIG_IGN) for signum in (signal.SIGINT, *ENDING)}
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


class _Rounds:
    """The editor's rounds on the opened block's file, and what the user last saved there, so
    that an interrupt at any moment keeps the latest save, not the first nor none."""

    def __init__(self, path: Path, before: bytes) -> None:
        self.path, self.before = path, before
        self.saved = before  # what the file held when the editor last closed, notes taken out
        self.editing = False

    def latest(self) -> bytes:
        """What the user last saved: the file as it is, while the editor has it (it may have
        been saved before the interrupt), else what the last round read back (the file may be
        half rewritten with the notes)."""
        if self.editing:
            try:
                return _without_notes(self.path.read_bytes())
            except OSError:
                pass
        return self.saved

    def until_valid(self, editor: Callable[[Path], None]) -> tuple[bytes, KremlinlistError | None]:
        """What the user saved, and why it fails its checks if it does. A block that fails them
        is put back in the editor, the problems above it, until it passes or is saved again
        unchanged (the user gives up, or the editor fails: it is then kept sealed, not
        dropped)."""
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(self.before)
        previous: bytes | None = None
        problem: KremlinlistError | None = None
        while True:
            self.editing = True
            try:
                editor(self.path)
            except KremlinlistError:
                if previous is None or problem is None:
                    raise
                return previous, problem
            saved = _without_notes(self.path.read_bytes())
            self.saved, self.editing = saved, False
            try:
                _check_private(saved)
            except KremlinlistError as exc:
                if saved == previous:
                    return saved, exc
                previous, problem = saved, exc
                _write_back(self.path, exc, saved)
                continue
            return saved, None


def _without_notes(data: bytes) -> bytes:
    return b"".join(line for line in data.splitlines(keepends=True) if not line.startswith(NOTE))


def _write_back(path: Path, problem: KremlinlistError, saved: bytes) -> None:
    """The saved text again, with the problems and what to do in comment lines above it."""
    notes = [_("this private block was not sealed: {reason}").format(reason=problem.message),
             _("fix it and save, or save it unchanged to keep it sealed in a recovery file; "
               "lines starting with #! are removed")]
    head = "".join(f"{NOTE.decode()}{line}\n" for note in notes for line in note.splitlines())
    with open(path, "r+b") as f:
        f.truncate(0)
        f.write(head.encode("utf-8") + saved)


def recovery_dir() -> Path:
    """Where edits that could not be put into a case file are kept, sealed: the user's state
    folder (XDG_STATE_HOME), outside the dataset, so a read-only or conflicting checkout does
    not stop it."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                            "state")
    return Path(base) / "kremlinlist" / "recovered"


def _kept(problem: KremlinlistError, case_id: str, armored: str) -> KremlinlistError:
    """`problem`, saying where the edit, sealed for the recipients, was kept (or, when no file
    can take it either, giving the sealed text itself: ciphertext only)."""
    path = recovery_dir() / f"{case_id}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.age"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, armored.encode("ascii"))
    except OSError:
        return KremlinlistError(problem.code, _(
            "{reason}; your edit could not be written to a recovery file either, so here it is, "
            "sealed for the recipients (save it to a file and open it with `age -d -i KEY "
            "FILE`):\n{sealed}").format(reason=problem.message, sealed=armored.strip()))
    return KremlinlistError(problem.code, _(
        "{reason}; your edit was not lost: it is kept, sealed for the recipients, in {file} "
        "(`age -d -i KEY {file}` opens it, to paste into `kremlinlist edit-private {id}` "
        "again)").format(reason=problem.message, file=path, id=case_id))


def _unchanged_but_for_others(root: Path, rel: str, loaded: loader.Loaded) -> str:
    """The case file's text as it is now, read again after the editor closed: a colleague's
    save or the researcher's own editor may have changed other fields meanwhile, which the
    sealed block is put into, not over. A private block changed meanwhile too is a conflict:
    refused, nothing written."""
    try:
        now = yamlsafe.read_text(loader.read_file(root, rel))
        data = yamlsafe.parse(now)[0]
    except (loader.FileRefused, yamlsafe.YamlError, RecursionError, UnicodeDecodeError):
        data = None
    if (not isinstance(data, dict) or not isinstance(loaded.data, dict)
            or data.get("private") != loaded.data.get("private")):
        raise KremlinlistError("edited-meanwhile", _(
            "{file} changed while its private block was open, and not only outside the block; "
            "nothing was changed in it").format(
                file=rel))
    return now


def _wipe(path: Path) -> None:
    """Overwrite the plaintext before the file is removed (a disk, unlike memory, may keep it)."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.write(b"\0" * size)
        f.flush()
        os.fsync(f.fileno())


def _check_private(data: bytes) -> str:
    """The saved block's text if it is a valid private block, read as validate reads a file
    (byte-level checks first); else a refusal in words that name keys and places, never
    values."""
    try:
        text = yamlsafe.read_text(data)
    except yamlsafe.YamlError as exc:
        raise KremlinlistError("edited-block-invalid", _(
            "what was saved, line {line}, column {column}: {message}").format(
                line=exc.line, column=exc.column, message=exc.message)) from None
    try:
        parsed = yamlsafe.parse(text)[0]
    except (yamlsafe.YamlError, RecursionError):
        raise KremlinlistError("edited-block-invalid", _(
            "what was saved is not valid YAML")) from None
    if not isinstance(parsed, dict):
        raise KremlinlistError("edited-block-invalid", _(
            "what was saved is not a mapping of keys such as `notes:`"))
    try:
        Private.model_validate(parsed)
    except ValidationError as exc:
        messages = [f.message for f in loader.schema_findings(exc, Private, parsed)]
        raise KremlinlistError("edited-block-invalid", _(
            "what was saved is not a valid private block ({reasons})")
            .format(reasons="; ".join(messages))) from None
    return text


__all__ = ["edit_private", "EditInterrupted", "PrivateEdit", "remove_stale_scratch", "recovery_dir"]
