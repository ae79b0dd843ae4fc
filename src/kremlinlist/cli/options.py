"""What several commands accept: the dataset folder option and the choices of --format, --lang
and --kind, declared once so that every command's --help reads the same."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from kremlinlist.app.dataset import ids_in
from kremlinlist.base.i18n import N_

RootOption = typer.Option(Path("."), "--root", "-C", help=N_("The dataset's folder."),
                          show_default=True)


def _root_of(ctx: typer.Context) -> Path:
    """The folder a command will run in: its --root, inside the global -C (which completion
    does not act on, as it only parses)."""
    root = ctx.params.get("root")  # a Path, or the text typed where completion does not convert
    root = Path(root) if isinstance(root, (str, Path)) and str(root) else Path(".")
    outer = ctx.parent.params.get("directory") if ctx.parent is not None else None
    return Path(outer) / root if outer is not None else root


def complete_case_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tab completion of a case id, from the names of the files in cases/."""
    return ids_in(_root_of(ctx), "cases", incomplete)


def complete_organization_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tab completion of an organization id, from the names of the files in organizations/."""
    return ids_in(_root_of(ctx), "organizations", incomplete)


def _choices(name: str, values: str) -> type[Enum]:
    """The values an option takes, as typer wants them: an Enum of str whose members are named
    as their values (`ListFormat.md`, `ActionKind["open-letter"]`)."""
    return Enum(name, [(value, value) for value in values.split()], type=str)


ProblemFormat = _choices("ProblemFormat", "text json github")
OutputFormat = _choices("OutputFormat", "text json")
TableFormat = _choices("TableFormat", "text json csv")
SchemaKind = _choices("SchemaKind", "case organization criteria config action coalition")
ChangeFormat = _choices("ChangeFormat", "text md json")
ListFormat = _choices("ListFormat", "md html csv json")
Lang = _choices("Lang", "en uk")
ActionKind = _choices("ActionKind", "statement petition open-letter letter-campaign picket rally "
                                    "campaign recognition appeal other")

IdentityOption = typer.Option(
    None, "--identity", "-i", metavar="FILE",
    help=N_("Your age identity file or OpenSSH private key (default: $KREMLINLIST_IDENTITY)."))
