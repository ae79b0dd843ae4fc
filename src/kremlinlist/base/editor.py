"""The editor `edit-private` opens a private block in: its command as words, vim and Neovim
hardened so that they write nothing beside the file (an editor's swap, undo, backup and history
files would keep the opened block on disk), and the editor run and waited for, and ended before
the block is wiped if the command is stopped meanwhile. Where it is drawn, and the default
editor, are the terminal's (cli.console)."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import time
from pathlib import Path

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _

# Options that keep vim and Neovim from writing the opened block beside the file: no swap file,
# no viminfo or ShaDa, no undo or backup file. `-c` runs after the user's vimrc, which could turn
# them on again (`--cmd` runs before it); `viminfo=` also stops a vimrc's own 'viminfofile'.
_VIM = ["-n", "-i", "NONE", "-c", "set noundofile nobackup nowritebackup viminfo="]
_VIMS = {"vim", "nvim", "vim.basic", "vim.tiny"}
_GRACE = 2.0  # seconds an editor has to end on SIGTERM (vim puts the terminal back) before SIGKILL


def editor_words(command: str) -> list[str]:
    """The editor's command split as a shell would (it is run without one, as click did), with
    the options above after the program when it is vim by its name or by what it links to."""
    try:
        program, *rest = shlex.split(command)
    except ValueError:
        raise editor_failed() from None
    found = os.path.realpath(shutil.which(program) or program)
    names = {os.path.basename(p).removesuffix(".exe") for p in (program, found)}
    vim = bool(names & _VIMS) or any(n.startswith("vim.") for n in names)  # vim.gtk3, vim.nox
    return [program, *(_VIM if vim else []), *rest]


def editor_failed() -> KremlinlistError:
    return KremlinlistError("editor-failed", _(
        "the editor failed or was not found (set EDITOR); nothing was changed"))


def edit(words: list[str], path: Path) -> None:
    """Run the editor `words` on `path` and wait for it to close (POSIX). Stopped meanwhile
    (Ctrl-C, a signal turned into `Terminated`), the editor is ended before the block is wiped.
    It is spawned from `os`: only history.git may import subprocess."""
    try:  # the signals Python ignores are the editor's own again, as with subprocess
        pid = os.posix_spawnp(words[0], [*words, str(path)], os.environ,
                              setsigdef=(signal.SIGPIPE, signal.SIGXFSZ))
    except OSError:
        raise editor_failed() from None
    try:
        status = os.waitpid(pid, 0)[1]
    except BaseException:
        _end(pid)
        raise
    if os.waitstatus_to_exitcode(status) != 0:
        raise editor_failed()


def _end(pid: int) -> None:
    """The editor still running ends: asked first (SIGTERM: vim puts the terminal back), killed
    when it does not in time or when a second Ctrl-C cuts the wait short."""
    ended = False
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + _GRACE
        while not ended and time.monotonic() < deadline:
            time.sleep(0.02)
            ended = os.waitpid(pid, os.WNOHANG)[0] == pid
    except (ProcessLookupError, ChildProcessError):
        ended = True  # it had ended and been waited for as the signal came
    finally:
        if not ended:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
