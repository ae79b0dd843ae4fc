"""The commands are declared as data (app.commands): each declaration must fit the function it
runs, or a command would fail only when someone runs it."""

from __future__ import annotations

import inspect

import pytest

from kremlinlist.app.commands import DECLARED
from kremlinlist.app.commands.declaration import Command, Group, Param, choices
from kremlinlist.app.commands.outcome import Outcome, Ending
from kremlinlist.cli.commands import function

COMMANDS = [c for d in DECLARED for c in (d.commands if isinstance(d, Group) else [d])]


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_a_declaration_names_each_parameter_its_function_takes(command: Command):
    taken = list(inspect.signature(command.run).parameters)
    assert taken == ["console", *(p.name for p in command.params)]
    assert command.help.splitlines()[-1].startswith("Example: kremlinlist ")


def test_no_two_options_of_a_command_share_a_flag():
    for command in COMMANDS:
        flags = [f for p in command.params for f in p.flags]
        assert len(flags) == len(set(flags)), command.name


def test_the_typer_function_hands_choices_over_as_text():
    """The use case gets the value, never typer's Enum member: `fmt == "json"` must hold."""
    got = {}

    def run(console, fmt):
        got["fmt"] = fmt
        return Outcome()

    declared = Command("x", run, (Param("fmt", ("--format",), "", choices("F", "a b"),
                                                "a"),))
    built = function(declared)
    built(fmt=inspect.signature(built).parameters["fmt"].default.default)
    assert got == {"fmt": "a"} and type(got["fmt"]) is str


def test_an_outcome_is_a_failure_only_when_told():
    assert Outcome().failed_if(False).ending is Ending.DONE
    assert Outcome().failed_if(True).ending is Ending.PROBLEMS
