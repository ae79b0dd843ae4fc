"""The commands are declared as data (app.commands): each declaration must fit the function it
runs, or a command would fail only when someone runs it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
import typer

import kremlinlist.app.commands as declarations

from kremlinlist.app.commands import DECLARED
from kremlinlist.app.commands.declaration import Command, Declared, Group, Param, choices
from kremlinlist.app.commands.outcome import Outcome, Ending
from kremlinlist.cli.commands import typer_function
from factory import cli

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
    built = typer_function(declared)
    with pytest.raises(typer.Exit) as ended:
        built(fmt=inspect.signature(built).parameters["fmt"].default.default)
    assert got == {"fmt": "a"} and type(got["fmt"]) is str
    assert ended.value.exit_code == 0


def test_an_outcome_is_a_failure_only_when_told():
    assert Outcome().failed_if(False).ending is Ending.DONE
    assert Outcome().failed_if(True).ending is Ending.PROBLEMS


def test_every_command_declared_in_a_module_is_offered():
    """A command declared but left out of DECLARED's order would never be offered."""
    declared = set()
    for module in pkgutil.iter_modules(declarations.__path__):
        found = importlib.import_module(f"{declarations.__name__}.{module.name}")
        for value in vars(found).values():
            if isinstance(value, Declared):
                declared.update(value.commands)
    assert declared and declared == set(COMMANDS)


def test_a_command_that_ends_well_says_so_to_a_script_calling_it_in_process(dataset):
    from kremlinlist.cli import app

    assert app(["validate", "-C", str(dataset.root), "-q"], standalone_mode=False) == 0
    assert app(["cache", "path", "-C", str(dataset.root)], standalone_mode=False) == 0


def test_new_action_says_what_it_created_before_checking_its_id(dataset, monkeypatch):
    """The check reads the whole dataset: a Ctrl-C during it left a file no line had named."""
    from kremlinlist.app import new_action

    def interrupted(root, rel):
        raise KeyboardInterrupt

    monkeypatch.setattr(new_action, "id_warnings", interrupted)
    result = cli("new-action", "-C", str(dataset.root), "--id", "2024-05-letter", "--type",
                 "open-letter", "--title-en", "A letter")
    assert result.exit_code != 0
    assert "created actions/2024-05-letter.yaml" in result.stdout
