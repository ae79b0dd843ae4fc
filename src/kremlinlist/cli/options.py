"""What several commands accept: the dataset folder option and the choices of --format, --lang
and --kind, declared once so that every command's --help reads the same."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

RootOption = typer.Option(Path("."), "--root", "-C", help="The dataset's folder.",
                          show_default=True)


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
