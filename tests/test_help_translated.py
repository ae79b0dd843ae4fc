"""Every help text a researcher can ask for - each command's and group's, each option's and
argument's - has a Ukrainian translation in the catalog: a help text left unmarked for extraction
would stay English under `--lang uk` without any other test noticing."""

from __future__ import annotations

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
