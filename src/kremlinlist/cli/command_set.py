"""The typer application with every command declared (cli.commands registers them on import)."""

from kremlinlist.cli import commands as _declares  # noqa: F401
from kremlinlist.cli.group import app

__all__ = ["app"]
