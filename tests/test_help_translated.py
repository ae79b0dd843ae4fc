"""Every help text a researcher can ask for - each command's and group's, each option's and
argument's - has a Ukrainian translation in the catalog: a help text left unmarked for extraction
would stay English under `--lang uk` without any other test noticing."""

from __future__ import annotations

import subprocess
import sys

import typer

from kremlinlist.base import i18n
from kremlinlist.cli import app


def _walk(command, path=()):
    yield path, command
    for name in list(getattr(command, "commands", {}) or {}):
        yield from _walk(command.commands[name], (*path, name))


def test_every_help_text_has_a_ukrainian_translation():
    root = typer.main.get_command(app)
    missing = []
    with i18n.speaking("uk"):
        for path, command in _walk(root):
            for item in (command, *command.params):
                text = getattr(item, "help", None)
                if text and i18n._(text) == text:
                    missing.append(f"{' '.join(path) or 'kremlinlist'}: {text!r}")
    assert not missing, "help without a Ukrainian translation:\n" + "\n".join(missing)


def test_every_commands_help_option_speaks_the_language_of_messages():
    """The --help option's own text is click's, not ours: it is translated when shown."""
    root = typer.main.get_command(app)
    for lang, wanted in (("uk", "Показати цю довідку й вийти."),
                         ("en", "Show this message and exit.")):
        with i18n.speaking(lang):
            for path, command in _walk(root):
                option = command.get_help_option(typer.Context(command))
                assert option.help == wanted, (lang, path)


LISTED = """\
import {first}
from typer.testing import CliRunner
from kremlinlist.cli import app
out = CliRunner().invoke(app, ["--help"]).stdout
print(" ".join(line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()))
"""


def test_help_lists_the_commands_in_one_order_whichever_module_came_first():
    """A script (or a test) may import a cli module before the command set."""
    orders = {subprocess.run([sys.executable, "-c", LISTED.format(first=first)], check=True,
                             capture_output=True, text=True).stdout
              for first in ("kremlinlist", "kremlinlist.cli.group", "kremlinlist.cli.commands")}
    assert len(orders) == 1, orders
    assert orders.pop().split()[-3:] == ["site", "cache", "intake"]
