"""Every command of app.commands made a typer command: a function with the signature typer
reads (so parsing, --help and completion are typer's own) that makes the command's one call and
prints its Outcome. Registered on `cli.group.commands` in the order of `DECLARED`, on import."""

from __future__ import annotations

import inspect
from enum import Enum
from typing import List, Optional

import typer

from kremlinlist.app.commands import DECLARED
from kremlinlist.app.commands.declaration import Choice, Command, Param
from kremlinlist.cli.console import TerminalConsole, finish
from kremlinlist.cli.group import Subcommands, commands
from kremlinlist.cli.options import complete_case_id, complete_organization_id

COMPLETIONS = {"cases": complete_case_id, "organizations": complete_organization_id}
_CHOICES: dict[Choice, type[Enum]] = {}


def choice(kind: Choice) -> type[Enum]:
    """The values as typer wants them: an Enum of str whose members are named as their values."""
    if kind not in _CHOICES:
        _CHOICES[kind] = Enum(kind.name, [(v, v) for v in kind.values], type=str)
    return _CHOICES[kind]


def _annotation(param: Param):
    kind = (choice(param.kind) if isinstance(param.kind, Choice)
            else List[str] if param.kind is list else param.kind)
    return kind if param.default is not None or kind is bool else Optional[kind]


def _typer_parameter(param: Param):
    """typer's Argument or Option, with the default typer's type wants."""
    default = param.default
    if isinstance(param.kind, Choice) and isinstance(default, str):
        default = choice(param.kind)[default]
    said = {"metavar": param.metavar, "min": param.minimum, "show_default": param.show_default,
            "autocompletion": COMPLETIONS.get(param.complete)}
    said = {key: value for key, value in said.items() if value is not None}
    if not param.flags:
        return typer.Argument(default, help=param.help, **said)
    return typer.Option(default, *param.flags, help=param.help, **said)


def typer_function(command: Command):
    """What typer runs for the command: its values (choices as their text) into the use case."""
    def run(**values) -> None:
        console = TerminalConsole()
        outcome = command.run(console, **{name: v.value if isinstance(v, Enum) else v
                                          for name, v in values.items()})
        finish(outcome, console)

    run.__signature__ = inspect.Signature([inspect.Parameter(
        p.name, inspect.Parameter.KEYWORD_ONLY, default=_typer_parameter(p), annotation=_annotation(p))
        for p in command.params])
    run.__annotations__ = {p.name: _annotation(p) for p in command.params}
    run.__doc__, run.__name__ = command.help, command.run.__name__
    return run


def register() -> None:
    """Every declared command and group on `cli.group.commands`."""
    for declared in DECLARED:
        if isinstance(declared, Command):
            commands.command(declared.name)(typer_function(declared))
            continue
        subcommands = typer.Typer(cls=Subcommands, no_args_is_help=True, help=declared.help)
        commands.add_typer(subcommands, name=declared.name)
        for sub in declared.commands:
            subcommands.command(sub.name)(typer_function(sub))


register()
