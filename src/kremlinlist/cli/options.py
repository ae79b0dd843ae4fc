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


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class TableFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class SchemaKind(str, Enum):
    case = "case"
    organization = "organization"
    criteria = "criteria"
    config = "config"
    action = "action"
    coalition = "coalition"


class ChangeFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


class ListFormat(str, Enum):
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"


class Lang(str, Enum):
    en = "en"
    uk = "uk"

IdentityOption = typer.Option(
    None, "--identity", "-i", metavar="FILE",
    help=N_("Your age identity file or OpenSSH private key (default: $KREMLINLIST_IDENTITY)."))
