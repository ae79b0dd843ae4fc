"""The person at this terminal, as app.commands' Console sees them (progress bars, questions,
their editor), and each Outcome printed, with its ending made an exit code."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import typer

from kremlinlist.app.commands.outcome import Ending, Outcome
from kremlinlist.base.editor import edit, editor_failed, editor_words
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
        return _run_editor(editor_words(_editor_command()))


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
    """The editor callable edit-private runs on the file, drawn on this terminal, waiting for
    it to close (`base.editor`)."""

    def run(path: Path) -> None:
        with _drawing_on_a_terminal():
            if not hasattr(os, "posix_spawnp"):  # Windows: click runs it, as it always did
                return _click_edit(words, path)
            edit(words, path)

    return run


def _click_edit(words: list[str], path: Path) -> None:
    import click  # edit-private only: the others start without it

    try:
        click.edit(filename=str(path), editor=shlex.join(words))
    except click.ClickException:
        raise editor_failed() from None
