"""The command line: the only package that imports typer or rich, prints, or exits."""

from kremlinlist.cli.commands import app
from kremlinlist.cli import new as _new  # noqa: F401  (registers `new`)
from kremlinlist.cli import advocacy as _advocacy  # noqa: F401  (registers its commands)
from kremlinlist.cli.main import main
from kremlinlist.cli import intake as _intake, sealing as _sealing  # noqa: F401  (they register)
from kremlinlist.cli import site as _site  # noqa: F401  (registers `kremlinlist site`)

__all__ = ["app", "main"]
