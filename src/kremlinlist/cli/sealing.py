"""`kremlinlist seal`, `unseal ID` and `edit-private ID`: private blocks sealed with age."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

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

    report = sealing.seal_paths(dataset_root(root), paths or None, identity)
    for rel in report.written:
        echo(_("sealed {file}").format(file=printable(rel)))
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


def _run_editor(path: Path) -> None:
    """$VISUAL or $EDITOR (else a default editor) on the file, waiting for it to close."""
    import click  # edit-private only: the others start without it

    try:
        click.edit(filename=str(path))
    except click.ClickException:
        raise KremlinlistError("editor-failed", _(
            "the editor failed or was not found (set EDITOR); nothing was changed")) from None


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
    from kremlinlist.app import seal as sealing

    done = sealing.edit_private(dataset_root(root), case_id, _run_editor, identity)
    if done.stale_removed:
        echo(ngettext(
            "removed {count} folder with an opened private block left by an edit-private that "
            "was killed",
            "removed {count} folders with an opened private block left by edit-private runs "
            "that were killed", done.stale_removed).format(count=done.stale_removed), err=True)
    echo(_("sealed the changed private block") if done.changed else _("nothing changed"))
