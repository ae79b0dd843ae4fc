"""`kremlinlist new`: the one command that asks questions. At a terminal each answer is checked as
it is given (app.new's checks) and asked again with the reason and examples, so one mistake never
costs the answers already given; scripts pass every answer as an option and get a usage error."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional

import typer

from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import N_, _, language
from kremlinlist.cli.commands import app
from kremlinlist.cli.options import RootOption, complete_organization_id
from kremlinlist.model.regions import region_name

ASK_NAME_EN = N_("Name in English, in Latin letters, given name first (e.g. Ivan Petrenko; empty "
                 "to transliterate the Ukrainian name)")
ASK_NAME_UK = N_("Name in Ukrainian, given name first (e.g. Іван Петренко)")
ASK_REGION = N_("Home region: name or ISO code (e.g. Kherson, Херсонська, UA-65; empty if no "
                "source makes it certain)")
ASK_DETAINED = N_("Detention date (e.g. 15.03.2023, 03.2023, 2023-03-15 or 2023; empty if no "
                  "source dates it)")
ASK_BY = N_("Organization filing it: its id or name (e.g. {example})")


def interactive() -> bool:
    """Ask questions only when a person is at a terminal, never in scripts or CI."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(question: str, check: Callable[[str], object], given: Optional[str] = None,
         required: bool = False):
    """An answer that passes `check`: `given` (an option's value) first, then the person's,
    asked again with the reason until it passes. An empty answer is None unless `required`."""
    answer = given
    while True:
        if answer is None:
            answer = typer.prompt(question, default="", show_default=False)
        if not answer.strip() and not required:
            return None
        try:
            return check(answer)
        except KremlinlistError as exc:
            typer.echo("  " + _("Not taken: {reason}").format(reason=exc.message), err=True)
            for line in exc.details:
                typer.echo(f"    {line}", err=True)
            answer = None


def _ask_date(check_date, given: Optional[str]) -> Optional[str]:
    """A date, confirmed when it was written otherwise than it will be stored (15.03.2023)."""
    while True:
        typed: list[str] = []
        value = _ask(_(ASK_DETAINED), lambda v: typed.append(v.strip()) or check_date(v), given)
        if value is None or typed[-1] == value:
            return value
        typer.echo("  " + _("read as {date}").format(date=value))
        if typer.confirm(_("Is that the date?"), default=True):
            return value
        given = None


def _ask_answers(root: Path, scaffold, a):
    """Every answer, each checked as it is given."""
    a.name_en = _ask(_(ASK_NAME_EN), scaffold.check_name_en, a.name_en)
    a.name_uk = _ask(_(ASK_NAME_UK), scaffold.check_name, a.name_uk, required=not a.name_en)
    a.region = _ask(_(ASK_REGION), scaffold.check_region, a.region)
    if a.region:
        typer.echo("  " + _("region {code} ({name})").format(
            code=a.region, name=region_name(a.region, language()) or a.region))
    a.detained = _ask_date(lambda v: scaffold.check_detained(root, v), a.detained)
    orgs = list(scaffold.organizations(root))
    if not orgs:  # nothing to choose from: plan() says to add an organization first
        return a
    a.by = _ask(_(ASK_BY).format(example=", ".join(orgs[:3])),
                lambda v: scaffold.check_org(root, v), a.by, required=True)
    typer.echo("  " + _("organization {id}").format(id=a.by))
    if a.case_id is not None:
        a.case_id = _ask(_("Id (e.g. petrenko-ivan-2)"), scaffold.check_id, a.case_id,
                         required=True)
        return a
    try:
        suggested = scaffold.derive_id(a.name_en, a.name_uk)
    except KremlinlistError:  # no letters to make it from
        a.case_id = _ask(_("Id (e.g. petrenko-ivan)"), scaffold.check_id, required=True)
        return a
    typer.echo(_("The id (surname first, as the file's name): {id}").format(id=suggested))
    if not typer.confirm(_("Use this id?"), default=True):
        a.case_id = _ask(_("Id (e.g. {id}-2)").format(id=suggested), scaffold.check_id,
                         required=True)
    return a


def _plan(root: Path, scaffold, a, asking: bool):
    """The planned file; at a terminal, an id already taken is asked again, not fatal."""
    while True:
        try:
            return scaffold.plan(root, a)
        except KremlinlistError as exc:
            if not asking or exc.code != "id-taken":
                raise
            typer.echo("  " + _("Not taken: {reason}").format(reason=exc.message), err=True)
            a.case_id = _ask(_("Another id"), scaffold.check_id, required=True)


@app.command("new")
def new_command(
    name_en: Optional[str] = typer.Option(None, "--name-en",
                                          help=N_('The name in English, in Latin letters, given '
                                                  'name first: "Ivan Petrenko".')),
    name_uk: Optional[str] = typer.Option(None, "--name-uk",
                                          help=N_('The name in Ukrainian, given name first: "Іван '
                                                  'Петренко" (the id is made from it).')),
    region: Optional[str] = typer.Option(None, "--region",
                                         help=N_("The home region: ISO 3166-2 code or name, e.g. "
                                                 "UA-43, Crimea, Крим.")),
    detained: Optional[str] = typer.Option(None, "--detained",
                                           help=N_("Detention date: YYYY, YYYY-MM, YYYY-MM-DD or "
                                                   "DD.MM.YYYY.")),
    by: Optional[str] = typer.Option(None, "--by", autocompletion=complete_organization_id,
                                     help=N_("The organization filing it: its id or name.")),
    case_id: Optional[str] = typer.Option(None, "--id",
                                          help=N_("Use this id instead of the derived one, e.g. "
                                                  "petrenko-ivan-2 for a namesake.")),
    root: Path = RootOption,
) -> None:
    """Start a case file for a new person, as a candidate that validates.

    In a terminal, asks for what is missing and asks again, with the reason, for an answer it
    cannot use; scripts pass every answer as an option. Refuses an id that is, or was, used by
    another case.

    Example: kremlinlist new --name-en "Ivan Petrenko" --name-uk "Іван Петренко" --region UA-43 --detained 2020-03 --by ccl
    """
    from kremlinlist.app import new as scaffold

    root = dataset_root(root)
    asking = interactive()
    answers = scaffold.Answers(name_en, name_uk, region, detained, by or "", case_id)
    if asking:
        answers.by = by
        answers = _ask_answers(root, scaffold, answers)
    planned = _plan(root, scaffold, answers, asking)
    for warning in planned.warnings:
        typer.echo(_("warning: {message}").format(message=warning), err=True)
    if planned.warnings and asking and not typer.confirm(_("Create it anyway?")):
        raise typer.Exit(1)
    scaffold.write_case(root, planned)
    typer.echo(_("created {file}: fill in the sources, then run `kremlinlist validate {file}`")
               .format(file=planned.rel))
