"""`kremlinlist new`: the one command that asks questions (app.interview asks them, through the
terminal passed in), only when a person is at a terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from kremlinlist.app import new_forms
from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.i18n import N_, _
from kremlinlist.cli.group import commands
from kremlinlist.cli.options import RootOption, complete_organization_id
from kremlinlist.cli.render import echo


def interactive() -> bool:
    """Ask questions only when a person is at a terminal, never in scripts or CI."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _typed(question: str) -> str:
    """The answer typed; Ctrl-C (exit 130) or the end of input (exit 1) stops `new` with a line
    in the language of messages, not click's English "Aborted!"."""
    try:
        return typer.prompt(question, default="", show_default=False)
    except typer.Abort as stopped:
        echo("\n" + _("stopped: no file was written"), err=True)
        raise typer.Exit(130 if isinstance(stopped.__context__, KeyboardInterrupt) else 1) from None


@commands.command("new")
def new_command(
    name_en: Optional[str] = typer.Option(None, "--name-en",
                                          help=N_('The name in English, in Latin letters, given '
                                                  'name first: "Ivan Petrenko".')),
    name_uk: Optional[str] = typer.Option(None, "--name-uk",
                                          help=N_('The name in Ukrainian, given name first: "Іван '
                                                  'Петренко" (the id is made from it).')),
    region: Optional[str] = typer.Option(None, "--region", help=new_forms.REGION_HELP),
    detained: Optional[str] = typer.Option(None, "--detained", help=new_forms.DETAINED_HELP),
    by: Optional[str] = typer.Option(None, "--by", autocompletion=complete_organization_id,
                                     help=N_("The organization filing it: its id or name.")),
    case_id: Optional[str] = typer.Option(None, "--id",
                                          help=N_("Use this id instead of the derived one, e.g. "
                                                  "petrenko-ivan-2 for a namesake.")),
    root: Path = RootOption,
) -> None:
    """Start a case file for a new person, as a candidate with a placeholder source to replace.

    In a terminal, asks for what is missing and asks again, with the reason, for an answer it
    cannot use; scripts pass every answer as an option. Refuses an id that is, or was, used by
    another case.

    Example: kremlinlist new --name-en "Ivan Petrenko" --name-uk "Іван Петренко" --region UA-43 --detained 2020-03 --by ccl
    """
    from kremlinlist.app import interview, new

    asking = interactive()
    term = interview.Terminal(asking, _typed, echo, lambda line: echo(line, err=True))
    rel = interview.new_case(dataset_root(root), new.Answers(
        name_en, name_uk, region, detained, by if asking else by or "", case_id), term)
    if rel is None:
        raise typer.Exit(1)
    echo(_("created {file}: fill in the sources, then run `kremlinlist validate {file}`")
         .format(file=rel))
