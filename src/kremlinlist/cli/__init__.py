"""The command line: the only package that imports typer or rich, prints, or exits."""

from kremlinlist.cli.commands import app
from kremlinlist.cli.main import main
from kremlinlist.cli import site as _site  # noqa: F401  (registers `kremlinlist site`)

__all__ = ["app", "main"]
