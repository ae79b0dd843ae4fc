"""The command line: the only package that imports typer or rich, prints, or exits."""

from kremlinlist.cli.commands import app
from kremlinlist.cli.main import main
from kremlinlist.cli import intake as _intake, sealing as _sealing  # noqa: F401  (they register)

__all__ = ["app", "main"]
