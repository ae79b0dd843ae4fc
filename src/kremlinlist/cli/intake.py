"""`kremlinlist intake import|list|show|promote|reject|duplicate`: the queue of reports of
persecution (docs/intake.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.i18n import N_, _, ngettext
from kremlinlist.cli.group import Subcommands, commands
from kremlinlist.cli.options import IdentityOption, OutputFormat, RootOption
from kremlinlist.cli.render import draw, echo
from kremlinlist.publish.reports import problems_report, to_json
from kremlinlist.publish.views import queue_view, report_view

intake_app = typer.Typer(
    cls=Subcommands, no_args_is_help=True,
    help=N_("Reports of persecution as they came in: import, list, read, promote to a candidate "
            "case, reject, mark as a duplicate. Never published.\n\nExample: kremlinlist intake list"))
commands.add_typer(intake_app, name="intake")


ByOption = typer.Option(None, "--by", metavar="NAME",
                        help=N_("Who does this, for the report's history (default: your user "
                                "name)."))


@intake_app.command("import")
def import_command(
    export: Path = typer.Argument(..., metavar="FILE",
                                  help=N_("The form's export: CSV or JSON lines.")),
    map_file: Optional[Path] = typer.Option(
        None, "--map", metavar="FILE",
        help=N_("A YAML mapping of the form's columns onto the default ones.")),
    root: Path = RootOption,
    by: Optional[str] = ByOption,
) -> None:
    """Write one report per new row of a form's export into intake/ (sealed when kremlinlist.yaml
    lists recipients). Importing the same export again adds nothing; bad rows are reported by
    number and skipped.

    Example: kremlinlist intake import form-export.csv
    """
    from kremlinlist.app import intake

    done = intake.import_export(dataset_root(root), export, map_file,
                                by or intake.current_user())
    echo(ngettext("{n} report added", "{n} reports added", len(done.added))
         .format(n=len(done.added)) + "; " +
         ngettext("{n} already imported", "{n} already imported", done.known)
         .format(n=done.known))
    draw(problems_report(done.problems, "text"))
    raise typer.Exit(1 if done.problems else 0)


@intake_app.command("list")
def list_command(
    root: Path = RootOption,
    identity: Optional[Path] = IdentityOption,
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help=N_("text or json.")),
) -> None:
    """The queue: each report's status, age, region and likely duplicates among cases and other
    reports; names only with --identity.

    Example: kremlinlist intake list --identity key.txt
    """
    from kremlinlist.app import intake

    rows, problems = intake.queue(dataset_root(root), identity)
    if fmt is OutputFormat.json:
        draw([to_json({"reports": [vars(r) for r in rows],
                       "problems": [p.to_dict() for p in problems]})])
    else:
        draw([*queue_view(rows), *problems_report(problems, "text")])
    raise typer.Exit(1 if problems else 0)


@intake_app.command("show")
def show_command(
    report_id: str = typer.Argument(..., metavar="ID", help=N_("The report's id (r-...).")),
    root: Path = RootOption,
    identity: Optional[Path] = IdentityOption,
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help=N_("text or json.")),
) -> None:
    """Print a report, opened, to the terminal (never to a file of ours): its status and history,
    the person concerned, the reporter and what happened. A sealed report needs --identity.

    Example: kremlinlist intake show r-0123456789abcdef --identity key.txt
    """
    from kremlinlist.app import intake_show

    shown = intake_show.read_report(dataset_root(root), report_id, identity)
    draw([to_json(shown.to_dict())] if fmt is OutputFormat.json else report_view(shown.to_dict()))


@intake_app.command("promote")
def promote_command(
    report_id: str = typer.Argument(..., metavar="ID", help=N_("The report's id (r-...).")),
    root: Path = RootOption,
    identity: Optional[Path] = IdentityOption,
    by: Optional[str] = ByOption,
) -> None:
    """Create a hidden `candidate` case from a report: the report becomes its private, sealed
    source; nothing is public until a public source is cited.

    Example: kremlinlist intake promote r-0123456789abcdef --identity key.txt
    """
    from kremlinlist.app import intake

    case_id = intake.promote(dataset_root(root), report_id, by or intake.current_user(), identity)
    echo(_("created cases/{id}.yaml").format(id=case_id))


@intake_app.command("reject")
def reject_command(
    report_id: str = typer.Argument(..., metavar="ID", help=N_("The report's id (r-...).")),
    reason: str = typer.Option(..., "--reason", help=N_("Why (kept in the report's history, "
                                                     "unsealed: name no one).")),
    root: Path = RootOption,
    by: Optional[str] = ByOption,
) -> None:
    """Reject a report, saying why.

    Example: kremlinlist intake reject r-0123456789abcdef --reason "not political"
    """
    from kremlinlist.app import intake

    intake.set_status(dataset_root(root), report_id, "rejected", by or intake.current_user(),
                      reason=reason)
    echo(_("rejected {id}").format(id=report_id))


@intake_app.command("duplicate")
def duplicate_command(
    report_id: str = typer.Argument(..., metavar="ID", help=N_("The report's id (r-...).")),
    case_id: str = typer.Argument(..., metavar="CASE", help=N_("The case it duplicates.")),
    root: Path = RootOption,
    by: Optional[str] = ByOption,
) -> None:
    """Mark a report as about a person who already has a case.

    Example: kremlinlist intake duplicate r-0123456789abcdef petrenko-ivan
    """
    from kremlinlist.app import intake

    intake.set_status(dataset_root(root), report_id, "duplicate", by or intake.current_user(),
                      case=case_id)
    echo(_("{id} duplicates {case}").format(id=report_id, case=case_id))
