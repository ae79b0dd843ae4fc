"""The person at this terminal, as app.commands' Console sees them (progress bars, questions,
their editor), and each Outcome printed, with its ending made an exit code."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import typer

from kremlinlist.app.commands.outcome import Ending, Outcome
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.cli.render import colored, draw, echo, progress_bar, quiet

EXIT_CODES = {Ending.DONE: 0, Ending.PROBLEMS: 1, Ending.INTERRUPTED: 130}


def interactive() -> bool:
    """Ask questions only when a person is at a terminal, never in scripts or CI."""
    return sys.stdin.isatty() and sys.stdout.isatty()


class TerminalConsole:
    """The Console of every command run from here."""

    streamed = False  # the command was handed `stdout` and wrote to it: `finish` flushes it

    @property
    def interactive(self) -> bool:
        return interactive()

    @property
    def stdout(self):
        sys.stdout.flush()
        self.streamed = True
        return sys.stdout.buffer

    def progress(self, label: str, shown: bool):
        return progress_bar(label, shown)

    def say(self, line: str, err: bool = False) -> None:
        echo(line, err=err)

    def ask(self, question: str) -> str:
        """The answer typed; Ctrl-C (exit 130) or the end of input (exit 1) stops with a line in
        the language of messages, not click's English "Aborted!"."""
        try:
            return typer.prompt(question, default="", show_default=False)
        except typer.Abort as stopped:
            echo("\n" + _("stopped: no file was written"), err=True)
            raise typer.Exit(130 if isinstance(stopped.__context__, KeyboardInterrupt)
                             else 1) from None

    def editor(self) -> Callable[[Path], None]:
        return _run_editor(_editor_words(_editor_command()))


def finish(outcome: Outcome, console: TerminalConsole) -> None:
    """The outcome's lines in order (notes not under --quiet), then the command ends: with the
    interrupt it was stopped by, else with the exit code of its ending."""
    if console.streamed:
        sys.stdout.buffer.flush()
    for said in outcome.said:
        if said.note and quiet():
            continue
        if said.err or said.whole or said.good is not None:
            for block in said.blocks:
                if said.warning:
                    block = f"kremlinlist: {block}"
                if said.good is not None:
                    block = colored(block, "green" if said.good else "red")
                echo(block, err=said.err, nl=not said.whole)
        else:
            draw(said.blocks)
    if outcome.interrupt is not None:
        raise outcome.interrupt
    raise typer.Exit(EXIT_CODES[outcome.ending])


# Options that keep vim and Neovim from writing the opened block beside the file: no swap file,
# no viminfo or ShaDa, no undo or backup file. `-c` runs after the user's vimrc, which could turn
# them on again (`--cmd` runs before it); `viminfo=` also stops a vimrc's own 'viminfofile'.
_VIM = ["-n", "-i", "NONE", "-c", "set noundofile nobackup nowritebackup viminfo="]
_VIMS = {"vim", "nvim", "vim.basic", "vim.tiny"}
_GRACE = 2.0  # seconds an editor has to end on SIGTERM (vim puts the terminal back) before SIGKILL


def _editor_command() -> str:
    """$VISUAL or $EDITOR; else, only on a terminal, a default editor (the first found of vim,
    which is started hardened, nano, else vi): a terminal editor drawn into a redirected output
    would write the opened block there."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen:
        return chosen
    if not interactive():
        raise KremlinlistError("editor-failed", _(
            "edit-private needs a terminal, or an editor set in EDITOR or VISUAL: no block was "
            "opened"), usage=True)
    return next((name for name in ("vim", "nano") if shutil.which(name)), "vi")


def _editor_words(command: str) -> list[str]:
    """The editor's command split as a shell would (it is run without one, as click did), with
    the options above after the program when it is vim by its name or by what it links to."""
    try:
        program, *rest = shlex.split(command)
    except ValueError:
        raise _editor_failed() from None
    found = os.path.realpath(shutil.which(program) or program)
    names = {os.path.basename(p).removesuffix(".exe") for p in (program, found)}
    return [program, *(_VIM if names & _VIMS else []), *rest]


def _editor_failed() -> KremlinlistError:
    return KremlinlistError("editor-failed", _(
        "the editor failed or was not found (set EDITOR); nothing was changed"))


@contextmanager
def _drawing_on_a_terminal() -> Iterator[None]:
    """The editor's output (fd 1, which it inherits) is this terminal, else the controlling
    terminal, else nowhere: never a redirected output, which would get the opened block."""
    if sys.stdout.isatty():
        yield
        return
    try:
        target = os.open(os.devnull if os.name == "nt" else "/dev/tty", os.O_WRONLY)
    except OSError:
        target = os.open(os.devnull, os.O_WRONLY)
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(target, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(target)


def _run_editor(words: list[str]) -> Callable[[Path], None]:
    """The editor callable edit-private runs on the file, waiting for it to close. Stopped
    meanwhile (Ctrl-C, a signal turned into `Terminated`), the editor is ended before the block
    is wiped. It is spawned from `os`: only history.git may import subprocess."""

    def run(path: Path) -> None:
        with _drawing_on_a_terminal():
            if not hasattr(os, "posix_spawnp"):  # Windows: click runs it, as it always did
                return _click_edit(words, path)
            try:  # the signals Python ignores are the editor's own again, as with subprocess
                pid = os.posix_spawnp(words[0], [*words, str(path)], os.environ,
                                      setsigdef=(signal.SIGPIPE, signal.SIGXFSZ))
            except OSError:
                raise _editor_failed() from None
            try:
                status = os.waitpid(pid, 0)[1]
            except BaseException:
                _end(pid)
                raise
        if os.waitstatus_to_exitcode(status) != 0:
            raise _editor_failed()

    return run


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


def _click_edit(words: list[str], path: Path) -> None:
    import click  # edit-private only: the others start without it

    try:
        click.edit(filename=str(path), editor=shlex.join(words))
    except click.ClickException:
        raise _editor_failed() from None
