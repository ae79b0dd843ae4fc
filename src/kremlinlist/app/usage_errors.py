"""The command line's own usage errors (an unknown option, a missing argument, a mistyped
command), which the parser says in English, in the language of messages.

The parser's errors carry what they are about (the option, the parameter, the choices): the
sentence is made here from those. Only where an error carries nothing but its English (a mistyped
command, extra arguments) is that English read, against the few sentences the parser says; any
other sentence is left as it is, so a message is never lost, only left in English."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kremlinlist.base.i18n import N_, _

# The parser's sentences that carry nothing but their English, and what each is said as.
_SAID = (
    (re.compile(r"Missing command\."), N_("Missing command.")),
    (re.compile(r"No such command (?P<command>.+?)\. Did you mean (?P<matches>.+)\?"),
     N_("No such command {command}. Did you mean {matches}?")),
    (re.compile(r"No such command (?P<command>.+?)\."), N_("No such command {command}.")),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)"),
     N_("Got unexpected extra argument(s) ({args})")),
)
_CHOOSE_FROM = "Choose from:"  # what typer puts before a missing choice's choices


def said(message: str) -> str:
    """One of the parser's sentences that carry nothing else, in the language of messages."""
    for pattern, wording in _SAID:
        found = pattern.fullmatch(message)
        if found:
            return _(wording).format(**found.groupdict())
    return message


def no_such_option(option: str, possibilities: Sequence[str] | None) -> str:
    """An option the command does not have, with the ones it has that are spelt alike."""
    text = _("No such option: {option}").format(option=option)
    if possibilities:
        text += " " + _("(Possible options: {options})").format(
            options=", ".join(sorted(possibilities)))
    return text


def option_usage(option: str, message: str) -> str:
    """An option given without its value, or given one it does not take."""
    if message == f"Option {option!r} requires an argument.":
        return _("Option '{option}' requires an argument.").format(option=option)
    if message == f"Option {option!r} does not take a value.":
        return _("Option '{option}' does not take a value.").format(option=option)
    return message


def invalid_value(hint: str | None, reason: str) -> str:
    """A value the option or argument named by `hint` ('--format' / '-f') cannot take."""
    if hint is None:
        return _("Invalid value: {reason}").format(reason=reason)
    return _("Invalid value for {option}: {reason}").format(option=hint, reason=reason)


def missing(kind: str, hint: str, reason: str) -> str:
    """A required argument or option (`kind`) named by `hint` left out, and what it takes."""
    text = (_("Missing argument {name}.") if kind == "argument" else
            _("Missing option {name}.") if kind == "option" else
            _("Missing parameter {name}.")).format(name=hint)
    if reason.startswith(_CHOOSE_FROM):
        reason = _("Choose from:") + reason.removeprefix(_CHOOSE_FROM)
    return f"{text} {reason}" if reason else text
