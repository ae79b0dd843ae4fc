"""What a command is, as data: its name, its parameters with their help, and the use case it
runs. The command line builds its parser from these (cli.commands); nothing here parses, prints
or exits, and nothing here imports more than the standard library and the catalog's marker, so
that `--help` is quick."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Optional

from kremlinlist.base.i18n import N_

@dataclass(frozen=True)
class Choice:
    """The values a parameter takes; `name` names the set in the parser's types."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Param:
    """One argument (no `flags`) or option of a command, as its --help shows it. `kind` is what
    the value is: str, bool, int, Path, list (text, repeated) or a Choice (its value as text).
    `complete` names the dataset folder whose ids complete it at Tab; a `default` of `...` means
    it must be given."""

    name: str
    flags: tuple[str, ...] = ()
    help: str = ""
    kind: object = str
    default: object = None
    metavar: Optional[str] = None
    complete: Optional[str] = None
    minimum: Optional[int] = None
    show_default: Optional[bool] = None

    def but(self, **changed) -> "Param":
        """The same parameter with some of its fields changed (a shared option's own help)."""
        return replace(self, **changed)


@dataclass(frozen=True)
class Command:
    """A command: `run(console, **values)` is called with each parameter's value by name and
    returns the Outcome to print; its docstring is the command's help."""

    name: str
    run: Callable
    params: tuple[Param, ...]

    @property
    def help(self) -> str:
        return inspect.getdoc(self.run) or ""


@dataclass(frozen=True)
class Group:
    """A command of commands (`intake`, `cache`)."""

    name: str
    help: str
    commands: tuple[Command, ...]


@dataclass
class Declared:
    """The commands of one module, in the order they are declared."""

    commands: list = field(default_factory=list)

    def command(self, *params: Param, name: Optional[str] = None):
        """A use case declared as a command named `name` (default: the function's name, with
        dashes)."""
        def declare(run: Callable) -> Callable:
            self.commands.append(Command(name or run.__name__.replace("_", "-"), run, params))
            return run
        return declare


def choices(name: str, values: str) -> Choice:
    return Choice(name, tuple(values.split()))


ROOT = Param("root", ("--root", "-C"), N_("The dataset's folder."), Path, Path("."),
             show_default=True)
CASE_ID = Param("case_id", help=N_("The case's id."), default=..., metavar="ID", complete="cases")
OUTPUT_FORMAT = choices("OutputFormat", "text json")
TABLE_FORMAT = choices("TableFormat", "text json csv")
LANG = choices("Lang", "en uk")
TEXT_OR_JSON = Param("fmt", ("--format", "-f"), N_("text or json."), OUTPUT_FORMAT, "text")
IDENTITY = Param("identity", ("--identity", "-i"),
                 N_("Your age identity file or OpenSSH private key (default: "
                    "$KREMLINLIST_IDENTITY)."), Path, metavar="FILE")
