"""`kremlinlist seal`, `unseal ID` and `edit-private ID`: private blocks sealed with age."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, List, Optional

import typer

from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import N_, _, ngettext
from kremlinlist.cli.group import commands
from kremlinlist.cli.options import IdentityOption, RootOption
from kremlinlist.cli.render import draw, echo
from kremlinlist.publish.reports import printable, problems_report


@commands.command()
def seal(
    paths: Optional[List[str]] = typer.Argument(
        None, help=N_("Case or intake files to seal (default: every file in cases/ and intake/).")),
    root: Path = RootOption,
    identity: Optional[Path] = IdentityOption,
) -> None:
    """Seal every plain private block and intake report for the `recipients:` of
    kremlinlist.yaml; with --identity, also seal again the blocks sealed for other keys (after a
    key was added or removed). Plaintext is never written to disk; running it twice changes
    nothing.

    Example: kremlinlist seal --identity ~/.config/kremlinlist/key.txt
    """
    from kremlinlist.app import seal as sealing

    def written(rel: str) -> None:  # said at once: after Ctrl-C, the list is already out
        echo(_("sealed {file}").format(file=printable(rel)))

    try:
        report = sealing.seal_paths(dataset_root(root), paths or None, identity, written)
    except KeyboardInterrupt:
        echo(_("interrupted: the files listed above are sealed, the others are unchanged; run "
               "seal again to seal them"), err=True)
        raise typer.Exit(130) from None
    draw(problems_report(report.problems, "text"))
    if not report.written and not report.problems:
        echo(_("nothing to seal"))
    raise typer.Exit(1 if any(p.is_error for p in report.problems) else 0)


@commands.command()
def unseal(
    case_id: str = typer.Argument(..., metavar="ID", help=N_("The case's id.")),
    root: Path = RootOption,
    identity: Optional[Path] = IdentityOption,
) -> None:
    """Print a case's sealed private block, opened, to the terminal (never to a file of ours).

    Example: kremlinlist unseal petrenko-ivan --identity key.txt
    """
    from kremlinlist.app import seal as sealing

    echo(sealing.unseal_block(dataset_root(root), case_id, identity), nl=False)


def _editor_command() -> str:
    """$VISUAL or $EDITOR; else, only on a terminal, a default editor (the first found of
    sensible-editor, vim, nano, else vi, as click chooses): a terminal editor drawn into a
    redirected output would write the opened block there."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen:
        return chosen
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise KremlinlistError("editor-failed", _(
            "edit-private needs a terminal, or an editor set in EDITOR or VISUAL: no block was "
            "opened"), usage=True)
    return next((name for name in ("sensible-editor", "vim", "nano") if shutil.which(name)), "vi")


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


def _run_editor(command: str) -> Callable[[Path], None]:
    """The editor callable edit-private runs on the file, waiting for it to close."""
    import click  # edit-private only: the others start without it

    def run(path: Path) -> None:
        try:
            with _drawing_on_a_terminal():
                click.edit(filename=str(path), editor=command)
        except click.ClickException:
            raise KremlinlistError("editor-failed", _(
                "the editor failed or was not found (set EDITOR); nothing was changed")) from None

    return run


@commands.command("edit-private")
def edit_private(
    case_id: str = typer.Argument(..., metavar="ID", help=N_("The case's id.")),
    root: Path = RootOption,
    identity: Optional[Path] = IdentityOption,
) -> None:
    """Edit a case's private block in $EDITOR: it is opened into an owner-only file in a private
    folder (in memory where the system has one), checked and sealed again when you save, and the
    file is removed whatever happens. Use an editor that waits until the file is closed (nano,
    vim, code --wait).

    Example: kremlinlist edit-private petrenko-ivan --identity key.txt
    """
    from kremlinlist.app import private_edit

    editor = _run_editor(_editor_command())
    try:
        done = private_edit.edit_private(dataset_root(root), case_id, editor, identity)
    except private_edit.EditInterrupted as stopped:  # said, then the interrupt's own exit code
        echo(f"kremlinlist: {printable(stopped.kept.message)}", err=True)
        raise stopped.interrupt from None
    if done.stale_removed:
        echo(ngettext(
            "removed {count} folder with an opened private block left by an edit-private that "
            "was killed",
            "removed {count} folders with an opened private block left by edit-private runs "
            "that were killed", done.stale_removed).format(count=done.stale_removed), err=True)
    echo(_("sealed the changed private block") if done.changed else _("nothing changed"))
